import type { z } from 'zod';
import { compareRunInputSchema, forkRunInputSchema, replayRunInputSchema, startComparisonInputSchema } from '@/lib/runs/lineage-input';
import { parseRunId } from '@/lib/runs/run-id';

/** The options of `compare`, `fork` and `replay` (`--model` is shared with the list filters). */
export const LINEAGE_OPTIONS = {
  profile: { type: 'string', multiple: true },
  task: { type: 'string' },
  tools: { type: 'string' },
  'max-turns': { type: 'string' },
  run: { type: 'string' },
  turn: { type: 'string' },
  'on-divergence': { type: 'string' },
  scenario: { type: 'string', multiple: true },
  follow: { type: 'boolean' },
  csv: { type: 'boolean' },
} as const;

/** Starting a comparison, fork or replay: print its ids (as JSON with `json`), then follow it with `follow`. */
type Start = { json: boolean; follow: boolean };

export type LineageCommand =
  | { command: 'compare'; comparisonId: string; format: 'text' | 'json' | 'csv' }
  | ({ command: 'compare-start'; input: z.output<typeof startComparisonInputSchema> } & Start)
  | ({ command: 'compare-run'; runId: string; input: z.output<typeof compareRunInputSchema> } & Start)
  | ({ command: 'fork'; runId: string; input: z.output<typeof forkRunInputSchema> } & Start)
  | ({ command: 'replay'; runId: string; input: z.output<typeof replayRunInputSchema> } & Start);

type Parsed = { ok: true; value: LineageCommand } | { ok: false; message: string };
type Values = Record<string, string | string[] | boolean | undefined>;

/** The option a field of the commands' schemas comes from, to name it in a refusal. */
const OPTION_OF_FIELD: Record<string, string> = {
  profileNames: '--profile',
  profileName: '--profile',
  task: '--task',
  'options.tools': '--tools',
  'options.maxTurns': '--max-turns',
  turn: '--turn',
  'overrides.model': '--model',
  onDivergence: '--on-divergence',
};

/** A whole number as written, or NaN (the schema then says what it wants): '' and '0x10' are not numbers here. */
const numberOf = (value: string | undefined) =>
  value === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;

/**
 * `compare`, `fork` and `replay` words → a command, checked with the schemas the console's forms
 * use (lib/runs/lineage-input.ts): what only the server's lists can tell (a profile exists and has
 * its key, the turn exists) is checked when the command runs.
 */
export function parseLineageArgs(command: 'compare' | 'fork' | 'replay', rest: string[], values: Values): Parsed {
  const json = values.json === true;
  const follow = values.follow === true;
  const profiles = (values.profile as string[] | undefined) ?? [];
  if (command === 'compare') {
    if (rest.length > 1) return refuse('compare takes one comparison id.');
    if (rest.length === 1) {
      const unexpected = given(values, ['json', 'csv']);
      if (unexpected) return refuse(`--${unexpected} does not apply to compare <id>, which prints a comparison.`);
      if (values.json && values.csv) return refuse('Choose --json or --csv, not both.');
      const id = parseRunId(rest[0]);
      if (!id.ok) return refuse(id.message.replace('Malformed run id: a run id', 'Malformed comparison id: a comparison id'));
      return { ok: true, value: { command: 'compare', comparisonId: id.id, format: values.csv ? 'csv' : json ? 'json' : 'text' } };
    }
    if (typeof values.run === 'string') {
      const unexpected = given(values, ['run', 'profile', 'scenario', 'json', 'follow']);
      if (unexpected) return refuse(`--${unexpected} does not apply to compare --run (the run's task and options are used).`);
      const runId = parseRunId(values.run);
      if (!runId.ok) return refuse(runId.message);
      const overrides = scenarios(values);
      if (!overrides.ok) return overrides;
      return checked(compareRunInputSchema, { profileNames: profiles, overrides: overrides.value }, (input) => ({
        command: 'compare-run',
        runId: runId.id,
        input,
        json,
        follow,
      }));
    }
    const unexpected = given(values, ['profile', 'task', 'tools', 'max-turns', 'scenario', 'json', 'follow']);
    if (unexpected) return refuse(`--${unexpected} does not apply to compare.`);
    if (values.task === undefined)
      return refuse('Name the task to compare with --task "…" (or compare an existing run with --run <id>), or give a comparison id.');
    const options: Record<string, unknown> = {};
    if (typeof values.tools === 'string')
      options.tools = values.tools
        .split(',')
        .map((tool) => tool.trim())
        .filter(Boolean);
    if (typeof values['max-turns'] === 'string') options.maxTurns = numberOf(values['max-turns']);
    const overrides = scenarios(values);
    if (!overrides.ok) return overrides;
    return checked(
      startComparisonInputSchema,
      { profileNames: profiles, task: values.task, options, overrides: overrides.value },
      (input) => ({
        command: 'compare-start',
        input,
        json,
        follow,
      }),
    );
  }

  const allowed =
    command === 'fork' ? ['turn', 'profile', 'model', 'json', 'follow'] : ['profile', 'model', 'on-divergence', 'json', 'follow'];
  const unexpected = given(values, allowed);
  if (unexpected) return refuse(`--${unexpected} does not apply to ${command}.`);
  if (rest.length !== 1) return refuse(`${command} takes one run id.`);
  const runId = parseRunId(rest[0]);
  if (!runId.ok) return refuse(runId.message);
  if (profiles.length !== 1) return refuse(`${command} takes one --profile: the profile the new run goes on.`);
  const overrides = typeof values.model === 'string' ? { model: values.model } : {};
  if (command === 'fork') {
    if (values.turn === undefined) return refuse('fork needs --turn N: the turn whose end the new run starts from.');
    return checked(forkRunInputSchema, { turn: numberOf(values.turn as string), profileName: profiles[0], overrides }, (input) => ({
      command: 'fork',
      runId: runId.id,
      input,
      json,
      follow,
    }));
  }
  return checked(
    replayRunInputSchema,
    { profileName: profiles[0], overrides, onDivergence: values['on-divergence'] ?? 'stop' },
    (input) => ({ command: 'replay', runId: runId.id, input, json, follow }),
  );
}

const refuse = (message: string) => ({ ok: false as const, message });

/** `--scenario simulator-chat=rate_limit_json; times=1` (repeatable): a Simulator fault scenario for one compared profile. */
function scenarios(values: Values): { ok: true; value: Record<string, { simulatorScenario: string }> } | { ok: false; message: string } {
  const value: Record<string, { simulatorScenario: string }> = {};
  for (const given of (values.scenario as string[] | undefined) ?? []) {
    const cut = given.indexOf('=');
    if (cut < 1) return refuse('--scenario takes <profile>=<scenario>, e.g. simulator-chat=rate_limit_json; times=1.');
    const profile = given.slice(0, cut).trim();
    if (value[profile]) return refuse(`--scenario: one scenario per profile (${profile} has two).`);
    value[profile] = { simulatorScenario: given.slice(cut + 1).trim() };
  }
  return { ok: true, value };
}

/** The first option given that is not one of `allowed`. */
function given(values: Values, allowed: string[]): string | undefined {
  return Object.keys(values).find((name) => values[name] !== undefined && !allowed.includes(name));
}

/** The input checked by `schema`; the first problem as one line naming its option. */
function checked<S extends z.ZodType>(schema: S, input: unknown, make: (input: z.output<S>) => LineageCommand): Parsed {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: make(parsed.data) };
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String);
  const field = path.map((_, end) => path.slice(0, path.length - end).join('.')).find((prefix) => OPTION_OF_FIELD[prefix]);
  const option = field ? OPTION_OF_FIELD[field] : path[0] === 'overrides' ? '--scenario' : undefined;
  return refuse(`${issue.message.replace(/\.$/, '')}${option ? ` (${option})` : ''}.`);
}
