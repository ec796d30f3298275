// Alert rules and incidents for the console: validated writes (the server actions call these) and
// the one read the /alerts page renders. Webhook URLs leave this module masked, never whole.
import 'server-only';
import { z } from 'zod';
import type { Database } from '@/lib/store/database';
import { alertIntervalFromEnv } from './evaluator';
import type { AlertComparison, AlertMetric } from './metrics';
import { validateAlertRule, type AlertRuleValues, type FieldErrors } from './rule-schema';
import { rateLimitBreakdowns } from './incident-evidence';
import { incidentRunsLinks, type RateLimitBreakdown, type RunsLink } from './runs-link';
import { webhookSecret } from './webhook';
import { checkWebhookUrl, maskWebhookUrl, scrubWebhookUrl } from './webhook-url';

export type RuleWriteResult = { ok: true; id: string; message: string } | { ok: false; fieldErrors: FieldErrors; message: string };

const ruleIdSchema = z.uuid({ message: 'not a rule id' });

export function parseRuleId(raw: unknown): { ok: true; id: string } | { ok: false; message: string } {
  const parsed = ruleIdSchema.safeParse(raw);
  return parsed.success ? { ok: true, id: parsed.data } : { ok: false, message: 'That is not an alert rule id.' };
}

/** The columns a validated rule sets (the webhook URL aside: creating and editing treat it differently). */
function ruleColumns(rule: AlertRuleValues) {
  return {
    name: rule.name,
    metric: rule.metric,
    comparison: rule.comparison,
    threshold: rule.threshold,
    provider: rule.provider ?? null,
    model: rule.provider ? (rule.model ?? null) : null,
    windowSeconds: rule.windowSeconds,
    minCalls: rule.minCalls,
    enabled: rule.enabled,
  };
}

/** Creates a rule from form or JSON input; invalid input writes nothing and answers with field errors. */
export async function createAlertRule(db: Database, raw: unknown): Promise<RuleWriteResult> {
  const validated = validateAlertRule(raw);
  if (!validated.ok) return { ok: false, fieldErrors: validated.fieldErrors, message: 'The rule is not valid.' };
  const { rule } = validated;
  const created = await db.alertRule.create({
    data: { ...ruleColumns(rule), webhookUrl: rule.clearWebhook ? null : (rule.webhookUrl ?? null) },
    select: { id: true },
  });
  return { ok: true, id: created.id, message: `Rule “${rule.name}” created.` };
}

/** Replaces a rule's settings. A blank webhook URL keeps the current one; clearWebhook removes it. */
export async function updateAlertRule(db: Database, rawId: unknown, raw: unknown): Promise<RuleWriteResult> {
  const id = parseRuleId(rawId);
  if (!id.ok) return { ok: false, fieldErrors: { form: [id.message] }, message: id.message };
  const validated = validateAlertRule(raw);
  if (!validated.ok) return { ok: false, fieldErrors: validated.fieldErrors, message: 'The rule is not valid.' };
  const { rule } = validated;
  const updated = await db.alertRule.updateMany({
    where: { id: id.id },
    data: { ...ruleColumns(rule), ...(rule.clearWebhook ? { webhookUrl: null } : rule.webhookUrl ? { webhookUrl: rule.webhookUrl } : {}) },
  });
  if (!updated.count) return { ok: false, fieldErrors: { form: ['This rule no longer exists.'] }, message: 'This rule no longer exists.' };
  return { ok: true, id: id.id, message: `Rule “${rule.name}” saved.` };
}

export async function setAlertRuleEnabled(db: Database, rawId: unknown, enabled: boolean): Promise<{ ok: boolean; message: string }> {
  const id = parseRuleId(rawId);
  if (!id.ok) return { ok: false, message: id.message };
  const updated = await db.alertRule.updateMany({ where: { id: id.id }, data: { enabled } });
  if (!updated.count) return { ok: false, message: 'This rule no longer exists.' };
  return {
    ok: true,
    message: enabled ? 'Enabled: the next evaluation checks it.' : 'Disabled: an open incident resolves at the next evaluation.',
  };
}

/** Deletes a rule with its incidents and their delivery logs. */
export async function deleteAlertRule(db: Database, rawId: unknown): Promise<{ ok: boolean; message: string }> {
  const id = parseRuleId(rawId);
  if (!id.ok) return { ok: false, message: id.message };
  const deleted = await db.alertRule.deleteMany({ where: { id: id.id } });
  return deleted.count ? { ok: true, message: 'Rule deleted.' } : { ok: false, message: 'This rule no longer exists.' };
}

export type WebhookView = { source: 'rule' | 'default' | 'none'; masked: string | null };

export type AlertRuleView = {
  id: string;
  name: string;
  metric: AlertMetric;
  comparison: AlertComparison;
  threshold: number;
  provider: string | null;
  model: string | null;
  windowSeconds: number;
  minCalls: number;
  enabled: boolean;
  webhook: WebhookView;
  lastEvaluatedAt: string | null;
  lastValue: number | null;
  lastCalls: number | null;
  firingSince: string | null;
  createdAt: string;
};

export type AlertDeliveryView = {
  id: string;
  event: 'firing' | 'resolved';
  attempt: number;
  status: 'delivered' | 'failed';
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  target: string;
  createdAt: string;
};

/** What an incident is, with its times as `Time` (Date on the server, ISO strings on a page). */
export type IncidentFacts<Time> = {
  id: string;
  ruleId: string;
  ruleName: string;
  metric: AlertMetric;
  comparison: AlertComparison;
  threshold: number;
  value: number;
  calls: number;
  provider: string | null;
  model: string | null;
  windowSeconds: number;
  windowFrom: Time;
  windowTo: Time;
  firedAt: Time;
  resolvedAt: Time | null;
  resolvedValue: number | null;
};

export type AlertIncidentView = IncidentFacts<string> & { runsLinks: RunsLink[]; deliveries: AlertDeliveryView[] };

export type AlertsOverview = {
  generatedAt: string;
  rules: AlertRuleView[];
  firing: AlertIncidentView[];
  /** Resolved incidents, newest first (the firing ones are in `firing` only). */
  recent: AlertIncidentView[];
  /** SWITCHBOARD_ALERT_WEBHOOK_URL, masked (rules without their own webhook use it). */
  defaultWebhook: string | null;
  defaultWebhookInvalid: boolean;
  /** Whether SWITCHBOARD_ALERT_WEBHOOK_SECRET signs the webhooks (the secret itself never leaves the server). */
  signed: boolean;
  intervalMs: number;
  lastEvaluationAt: string | null;
};

function defaultWebhook(env: Record<string, string | undefined>): { masked: string | null; invalid: boolean } {
  const raw = env.SWITCHBOARD_ALERT_WEBHOOK_URL?.trim();
  if (!raw) return { masked: null, invalid: false };
  return checkWebhookUrl(raw).ok ? { masked: maskWebhookUrl(raw), invalid: false } : { masked: null, invalid: true };
}

type IncidentRow = Awaited<ReturnType<Database['alertIncident']['findMany']>>[number] & {
  deliveries: Array<Awaited<ReturnType<Database['alertDelivery']['findMany']>>[number]>;
  rule: { webhookUrl: string | null };
};

/** Delivery rows recorded before errors were scrubbed whole may hold a secret: scrubbed again with the URLs known now. */
function scrubDeliveryError(error: string | null, webhookUrls: string[]): string | null {
  return error === null ? null : webhookUrls.reduce((text, url) => scrubWebhookUrl(text, url), error);
}

function incidentView(row: IncidentRow, breakdown: RateLimitBreakdown | null, defaultWebhookUrl: string | null): AlertIncidentView {
  const webhookUrls = [row.rule.webhookUrl, defaultWebhookUrl].filter((url): url is string => !!url);
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    metric: row.metric,
    comparison: row.comparison,
    threshold: row.threshold,
    value: row.value,
    calls: row.calls,
    provider: row.provider,
    model: row.model,
    windowSeconds: row.windowSeconds,
    windowFrom: row.windowFrom.toISOString(),
    windowTo: row.windowTo.toISOString(),
    firedAt: row.firedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedValue: row.resolvedValue,
    runsLinks: incidentRunsLinks(row, breakdown),
    deliveries: row.deliveries.map((delivery) => ({
      id: delivery.id,
      event: delivery.event,
      attempt: delivery.attempt,
      status: delivery.status,
      httpStatus: delivery.httpStatus,
      error: scrubDeliveryError(delivery.error, webhookUrls),
      durationMs: delivery.durationMs,
      target: delivery.target,
      createdAt: delivery.createdAt.toISOString(),
    })),
  };
}

/** Everything the /alerts page shows: rules (webhooks masked), open incidents, recently resolved incidents, with their delivery logs. */
export async function alertsOverview(
  db: Database,
  options: { recentLimit?: number; env?: Record<string, string | undefined> } = {},
): Promise<AlertsOverview> {
  const env = options.env ?? process.env;
  const deliveries = { orderBy: [{ createdAt: 'asc' as const }, { attempt: 'asc' as const }], take: 50 };
  const rule = { select: { webhookUrl: true } };
  const [rules, firing, recent, state] = await Promise.all([
    db.alertRule.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.alertIncident.findMany({ where: { openRuleId: { not: null } }, orderBy: { firedAt: 'desc' }, include: { deliveries, rule } }),
    db.alertIncident.findMany({
      where: { resolvedAt: { not: null } },
      orderBy: [{ firedAt: 'desc' }, { id: 'desc' }],
      take: options.recentLimit ?? 30,
      include: { deliveries, rule },
    }),
    db.alertEvaluatorState.findUnique({ where: { id: 'alerts' } }),
  ]);
  const breakdowns = await rateLimitBreakdowns(
    db,
    [...firing, ...recent].filter((incident) => incident.metric === 'rate_limit_incidents').map((incident) => incident.id),
  );
  const view = (row: IncidentRow) => incidentView(row, breakdowns.get(row.id) ?? null, env.SWITCHBOARD_ALERT_WEBHOOK_URL?.trim() || null);
  const fallback = defaultWebhook(env);
  const openByRule = new Map(firing.map((incident) => [incident.ruleId, incident.firedAt.toISOString()]));
  const intervalMs = alertIntervalFromEnv(env);
  return {
    generatedAt: new Date().toISOString(),
    rules: rules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      metric: rule.metric,
      comparison: rule.comparison,
      threshold: rule.threshold,
      provider: rule.provider,
      model: rule.model,
      windowSeconds: rule.windowSeconds,
      minCalls: rule.minCalls,
      enabled: rule.enabled,
      webhook: rule.webhookUrl
        ? { source: 'rule', masked: maskWebhookUrl(rule.webhookUrl) }
        : fallback.masked
          ? { source: 'default', masked: fallback.masked }
          : { source: 'none', masked: null },
      lastEvaluatedAt: rule.lastEvaluatedAt?.toISOString() ?? null,
      lastValue: rule.lastValue,
      lastCalls: rule.lastCalls,
      firingSince: openByRule.get(rule.id) ?? null,
      createdAt: rule.createdAt.toISOString(),
    })),
    firing: firing.map(view),
    recent: recent.map(view),
    defaultWebhook: fallback.masked,
    defaultWebhookInvalid: fallback.invalid,
    signed: webhookSecret(env) !== null,
    intervalMs,
    lastEvaluationAt: state?.lastRunAt.toISOString() ?? null,
  };
}

/** The nav badge: how many rules are firing now. */
export async function firingAlertCount(db: Database): Promise<number> {
  return db.alertIncident.count({ where: { openRuleId: { not: null } } });
}
