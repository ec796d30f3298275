// The alert rule as the console form and the server actions submit it: one zod schema, used in
// the browser for field errors and again on the server before anything is written.
import { z } from 'zod';
import { ALERT_COMPARISONS, ALERT_METRICS, METRICS } from './metrics';
import { checkWebhookUrl } from './webhook-url';

export const MIN_WINDOW_SECONDS = 5;
export const MAX_WINDOW_SECONDS = 24 * 3600;
/** A ratio over fewer calls than this says nothing: a single failed call is a 100 % error rate. */
export const MIN_RATIO_CALLS = 5;

/** The windows the form offers (a rule created through the API may use any window in range). */
export const WINDOW_CHOICES = [60, 300, 900, 1800, 3600, 6 * 3600, 24 * 3600] as const;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const numeric = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : Number(trimmed);
};

function numberField(name: string, checks: (schema: z.ZodNumber) => z.ZodNumber) {
  return z.preprocess(numeric, checks(z.number({ message: `${name} must be a number` })));
}

export const alertRuleInputSchema = z
  .object({
    name: z.string({ message: 'name the rule' }).trim().min(1, 'name the rule').max(100, 'at most 100 characters'),
    metric: z.enum(ALERT_METRICS, { message: 'choose a metric' }),
    comparison: z.enum(ALERT_COMPARISONS, { message: 'choose a comparison' }),
    threshold: numberField('the threshold', (n) => n.min(0, 'the threshold cannot be negative').max(1e12, 'the threshold is too large')),
    provider: z.preprocess(blankToUndefined, z.string().trim().max(100, 'at most 100 characters').optional()),
    model: z.preprocess(blankToUndefined, z.string().trim().max(200, 'at most 200 characters').optional()),
    windowSeconds: numberField('the window', (n) =>
      n
        .int('the window is a whole number of seconds')
        .min(MIN_WINDOW_SECONDS, `the window is at least ${MIN_WINDOW_SECONDS} seconds`)
        .max(MAX_WINDOW_SECONDS, 'the window is at most 24 hours'),
    ),
    minCalls: numberField('the minimum number of calls', (n) =>
      n.int('a whole number of calls').min(1, 'at least 1 call').max(1_000_000, 'at most 1,000,000 calls'),
    ),
    enabled: z.boolean().default(true),
    /** Blank: keep the current webhook (edits) or none (new rules). */
    webhookUrl: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(2000, 'at most 2,000 characters')
        .superRefine((value, ctx) => {
          const checked = checkWebhookUrl(value);
          if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message });
        })
        .optional(),
    ),
    /** Remove the rule's own webhook (it then uses SWITCHBOARD_ALERT_WEBHOOK_URL, if set). */
    clearWebhook: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    if (rule.model && !rule.provider) ctx.addIssue({ code: 'custom', path: ['model'], message: 'a model scope needs its provider' });
    const metric = METRICS[rule.metric];
    if (metric.unit === '%' && rule.threshold > 100)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'a percentage between 0 and 100' });
    if (metric.ratio && rule.minCalls < MIN_RATIO_CALLS) {
      ctx.addIssue({
        code: 'custom',
        path: ['minCalls'],
        message: `a ratio rule needs at least ${MIN_RATIO_CALLS} calls before it can fire`,
      });
    }
    if (rule.webhookUrl && rule.clearWebhook)
      ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message: 'either a new webhook URL or remove it, not both' });
  });

export type AlertRuleInput = z.input<typeof alertRuleInputSchema>;
export type AlertRuleValues = z.output<typeof alertRuleInputSchema>;
export type FieldErrors = Record<string, string[]>;

export type RuleValidation = { ok: true; rule: AlertRuleValues } | { ok: false; fieldErrors: FieldErrors };

export function validateAlertRule(raw: unknown): RuleValidation {
  const parsed = alertRuleInputSchema.safeParse(raw);
  if (parsed.success) return { ok: true, rule: parsed.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.map(String).join('.') || 'form'] ??= []).push(issue.message);
  return { ok: false, fieldErrors };
}

/** The fields of the rule form (FormData) as the schema's input. */
export function ruleInputFromForm(form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  return {
    name: text('name'),
    metric: text('metric'),
    comparison: text('comparison'),
    threshold: text('threshold'),
    provider: text('provider'),
    model: text('model'),
    windowSeconds: text('windowSeconds'),
    minCalls: text('minCalls'),
    enabled: form.get('enabled') === 'on',
    webhookUrl: text('webhookUrl'),
    clearWebhook: form.get('clearWebhook') === 'on',
  };
}
