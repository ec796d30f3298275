// The New run form's values → the start-run input, and field errors → the form's controls. Pure,
// so that what the form sends and where each error shows are tested without a browser.
import { startComparisonInputSchema, type StartComparisonInput } from '@/lib/runs/lineage-input';
import { startRunSchemaFor, fieldErrorsOf, type FieldErrors, type StartRunContext, type StartRunInput } from '@/lib/runs/run-input';
import type { ProviderProfile } from '@/lib/config/profile-schema';

/** What the form's controls hold (text fields as typed). */
export type RunFormValues = {
  profileName: string;
  model: string;
  stream: boolean;
  temperature: string;
  maxOutputTokens: string;
  effort: string;
  budgetTokens: string;
  cachePolicy: string;
  cacheTtl: string;
  maxTurns: string;
  workspaceTemplate: string;
  tools: string[];
  simulatorScenario: string;
  task: string;
  systemPrompt: string;
  fallbacks: string[];
  idempotencyKey: string;
};

/** The settings as the form starts, before anything is typed: empty keeps the profile's value; 8 turns at most. */
export const UNTYPED_SETTINGS = {
  temperature: '',
  maxOutputTokens: '',
  effort: '',
  budgetTokens: '',
  cachePolicy: '',
  cacheTtl: '',
  maxTurns: '8',
  simulatorScenario: '',
  systemPrompt: '',
} satisfies Partial<RunFormValues>;

/**
 * The controls that show errors, in the order they appear on the page (the first one with an
 * error gets the focus): the form value each one holds, the input path it owns and its element id.
 */
export const RUN_FORM_FIELDS = [
  { value: 'profileName', key: 'profileName', id: 'run-profile' },
  { value: 'profileNames', key: 'profileNames', id: 'run-profiles' },
  { value: 'model', key: 'overrides.model', id: 'run-model' },
  { value: 'stream', key: 'overrides.stream', id: 'run-stream' },
  { value: 'temperature', key: 'overrides.temperature', id: 'run-temperature' },
  { value: 'maxOutputTokens', key: 'overrides.maxOutputTokens', id: 'run-max-tokens' },
  { value: 'effort', key: 'overrides.reasoning.effort', id: 'run-effort' },
  { value: 'budgetTokens', key: 'overrides.reasoning.budgetTokens', id: 'run-budget' },
  { value: 'cachePolicy', key: 'overrides.cache.policy', id: 'run-cache-policy' },
  { value: 'cacheTtl', key: 'overrides.cache.ttl', id: 'run-cache-ttl' },
  { value: 'maxTurns', key: 'options.maxTurns', id: 'run-max-turns' },
  { value: 'workspaceTemplate', key: 'options.workspaceTemplate', id: 'run-template' },
  { value: 'tools', key: 'options.tools', id: 'run-tools' },
  { value: 'simulatorScenario', key: 'overrides.simulatorScenario', id: 'run-scenario' },
  { value: 'systemPrompt', key: 'options.systemPrompt', id: 'run-system-prompt' },
  { value: 'fallbacks', key: 'options.fallbacks', id: 'run-fallback-add' },
  { value: 'task', key: 'task', id: 'task' },
] as const satisfies ReadonlyArray<{ value: keyof RunFormValues | 'profileNames'; key: string; id: string }>;

export type RunFormField = (typeof RUN_FORM_FIELDS)[number];

const CONTROL_IDS = new Map<string, string>(RUN_FORM_FIELDS.map((field) => [field.value, field.id]));

/** The element id of the control that holds the form value `value`. */
export function controlId(value: RunFormField['value']): string {
  return CONTROL_IDS.get(value)!;
}

/** Paths that belong to a control under another name. */
const ALIASES: Record<string, string> = {
  'overrides.cache': 'overrides.cache.policy',
  'overrides.reasoning': 'overrides.reasoning.effort',
  'options.allowCommands': 'options.tools',
};

/** The control an error path belongs to (`options.fallbacks.2` → the fallbacks), or null (shown with the form). */
export function fieldForErrorKey(key: string): RunFormField | null {
  let best: RunFormField | null = null;
  for (const field of RUN_FORM_FIELDS) {
    const owns = key === field.key || key.startsWith(`${field.key}.`);
    if (owns && (!best || field.key.length > best.key.length)) best = field;
  }
  if (best) return best;
  const alias = Object.keys(ALIASES).find((prefix) => key === prefix || key.startsWith(`${prefix}.`));
  return alias ? (RUN_FORM_FIELDS.find((field) => field.key === ALIASES[alias]) ?? null) : null;
}

/** Errors grouped by control id, plus those no control owns (`form`, settings of the profile itself). */
export function errorsByField(errors: FieldErrors): { byId: Record<string, string[]>; other: string[] } {
  const byId: Record<string, string[]> = {};
  const other: string[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    const field = fieldForErrorKey(key);
    if (field) {
      const list = (byId[field.id] ??= []);
      for (const message of messages) if (!list.includes(message)) list.push(message);
    } else {
      other.push(...messages);
    }
  }
  return { byId, other };
}

/** The first control (in page order) with an error. */
export function firstInvalidField(byId: Record<string, string[]>): RunFormField | null {
  return RUN_FORM_FIELDS.find((field) => byId[field.id]?.length) ?? null;
}

/** A number as typed; NaN for anything else (the schema answers "Enter a whole number of …"); blank → undefined. */
export function numberField(text: string): number | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value) ? Number(value) : Number.NaN;
}

/** The input the server action receives. Empty fields keep the profile's values. */
export function buildStartRunInput(values: RunFormValues, selected: ProviderProfile | undefined): StartRunInput {
  const overrides: Record<string, unknown> = {};
  const model = values.model.trim();
  if (model && model !== selected?.model) overrides.model = model;
  if (selected && values.stream !== selected.stream) overrides.stream = values.stream;
  const temperature = numberField(values.temperature);
  if (temperature !== undefined) overrides.temperature = temperature;
  const maxOutputTokens = numberField(values.maxOutputTokens);
  if (maxOutputTokens !== undefined) overrides.maxOutputTokens = maxOutputTokens;
  const budgetTokens = numberField(values.budgetTokens);
  if (values.effort || budgetTokens !== undefined) {
    overrides.reasoning = {
      ...selected?.reasoning,
      ...(values.effort ? { effort: values.effort } : {}),
      ...(budgetTokens !== undefined ? { budgetTokens } : {}),
    };
  }
  if (values.cachePolicy)
    overrides.cache = { policy: values.cachePolicy, ...(values.cacheTtl && values.cachePolicy !== 'off' ? { ttl: values.cacheTtl } : {}) };
  if (selected?.provider === 'simulator' && values.simulatorScenario.trim()) overrides.simulatorScenario = values.simulatorScenario.trim();
  const maxTurns = numberField(values.maxTurns);
  return {
    profileName: values.profileName,
    task: values.task,
    overrides,
    options: {
      ...(maxTurns !== undefined ? { maxTurns } : {}),
      tools: values.tools as never,
      allowCommands: values.tools.includes('run_command'),
      ...(values.systemPrompt.trim() ? { systemPrompt: values.systemPrompt } : {}),
      ...(values.workspaceTemplate ? { workspaceTemplate: values.workspaceTemplate } : {}),
      fallbacks: values.fallbacks,
    },
    idempotencyKey: values.idempotencyKey,
  };
}

/** Validates the form with the server's schema; the input to send, or the field errors to show. */
export function validateRunForm(
  values: RunFormValues,
  selected: ProviderProfile | undefined,
  context: StartRunContext,
): { ok: true; input: StartRunInput } | { ok: false; errors: FieldErrors } {
  const input = buildStartRunInput(values, selected);
  const parsed = startRunSchemaFor(context).safeParse(input);
  return parsed.success ? { ok: true, input } : { ok: false, errors: fieldErrorsOf(parsed.error.issues) };
}

/** A fresh idempotency key (random, URL-safe). `crypto.getRandomValues` also works outside secure contexts. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * "Run on several profiles": the same task and options on each ticked profile, as one comparison.
 * Each profile keeps its own model and streaming; the settings typed (temperature, tokens,
 * reasoning, cache) apply to every one of them. Validated with the server's schema.
 */
export function validateComparisonForm(
  values: RunFormValues,
  profileNames: string[],
  memberScenarios: Record<string, string> = {},
): { ok: true; input: StartComparisonInput } | { ok: false; errors: FieldErrors } {
  const { profileName: _one, overrides, ...shared } = buildStartRunInput({ ...values, model: '' }, undefined);
  const typed = overrides && Object.keys(overrides).length ? overrides : {};
  const memberOverrides = profileNames.map((name) => {
    const scenario = memberScenarios[name]?.trim();
    return [name, scenario ? { ...typed, simulatorScenario: scenario } : typed] as const;
  });
  const input: StartComparisonInput = {
    ...shared,
    profileNames,
    overrides: Object.fromEntries(memberOverrides.filter(([, settings]) => Object.keys(settings).length)),
  };
  const parsed = startComparisonInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, input };
  // The settings are the same for every profile: an error under `overrides.<profile>` is the control's;
  // one in a member's own fault scenario is said of that profile, beside its box.
  const issues = parsed.error.issues.map((issue) => {
    if (issue.path[0] !== 'overrides' || issue.path.length <= 2) return issue;
    const [, member, setting] = issue.path;
    if (setting === 'simulatorScenario' && memberScenarios[String(member)]?.trim())
      return { ...issue, path: ['profileNames'], message: `${String(member)}: ${issue.message}` };
    return { ...issue, path: ['overrides', ...issue.path.slice(2)] };
  });
  return { ok: false, errors: fieldErrorsOf(issues) };
}
