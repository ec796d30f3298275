/**
 * The grammar of the `x-sim-scenario` header — `<name>[; key=value]...` — as a pure parser with
 * no dependencies, so that the simulator (faults.ts) and whoever sends the header (the New run
 * form and its zod schema, lib/runs/run-input.ts) judge a scenario by the same rules.
 */

export const SCENARIO_NAMES = [
  'rate_limit_html',
  'rate_limit_json',
  'quota_exhausted',
  'overloaded',
  'stream_unsupported',
  'auth',
  'server_html',
  'empty_body',
  'truncated_json',
  'error_midstream',
  'cut_midstream',
  'slow_first_byte',
  'slow_stream',
  'drain_quota',
  'echo_key_in_error',
  'echo_key_in_stream',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Parameters a scenario may carry, each with the values it accepts. */
export const SCENARIO_PARAMS: Readonly<Record<string, RegExp>> = {
  times: /^\d+$/,
  retry_after: /^(none|\d+(\.\d+)?)$/,
  retry_after_ms: /^\d+$/,
  ms: /^\d+$/,
  after: /^\d+$/,
  mode: /^(reset|close)$/,
  chunk: /^[1-9]\d{0,2}$/,
  rpm: /^[1-9]\d{0,8}$/,
  tpm: /^[1-9]\d{0,9}$/,
  otpm: /^[1-9]\d{0,9}$/,
};

export type ScenarioHeader = { name: ScenarioName; params: Record<string, string> };

/** Why a header is unusable, as data: the simulator and the form word it each for their reader. */
export type ScenarioHeaderProblem =
  | { kind: 'unknown_scenario'; name: string }
  | { kind: 'unknown_param'; key: string }
  | { kind: 'invalid_value'; key: string; value: string }
  | { kind: 'invalid_characters' };

export type ScenarioHeaderParse = { ok: true; scenario: ScenarioHeader | null } | { ok: false; problem: ScenarioHeaderProblem };

function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

/** Printable ASCII and spaces: what an HTTP client accepts as a header value. */
const HEADER_SAFE = /^[\x20-\x7e]*$/;

/** Parses an `x-sim-scenario` value; blank (or absent) means no scenario. */
export function parseScenarioHeader(header: string | undefined): ScenarioHeaderParse {
  if (header === undefined || header.trim() === '') return { ok: true, scenario: null };
  if (!HEADER_SAFE.test(header)) return { ok: false, problem: { kind: 'invalid_characters' } };
  const [rawName = '', ...rawParams] = header.split(';').map((part) => part.trim());
  const name = rawName.toLowerCase();
  if (!isScenarioName(name)) return { ok: false, problem: { kind: 'unknown_scenario', name: rawName } };
  const params: Record<string, string> = {};
  for (const rawParam of rawParams) {
    if (!rawParam) continue;
    const eq = rawParam.indexOf('=');
    const key = (eq < 0 ? rawParam : rawParam.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : rawParam.slice(eq + 1).trim();
    const pattern = SCENARIO_PARAMS[key];
    if (!pattern) return { ok: false, problem: { kind: 'unknown_param', key } };
    if (!pattern.test(value)) return { ok: false, problem: { kind: 'invalid_value', key, value } };
    params[key] = value;
  }
  return { ok: true, scenario: { name, params } };
}

/** The simulator's wording of a problem (its 400 answer). */
export function describeScenarioHeaderProblem(problem: ScenarioHeaderProblem): string {
  switch (problem.kind) {
    case 'unknown_scenario':
      return `Unknown x-sim-scenario '${problem.name}'. Known scenarios: ${SCENARIO_NAMES.join(', ')}.`;
    case 'unknown_param':
      return `Unknown x-sim-scenario parameter '${problem.key}'. Known parameters: ${Object.keys(SCENARIO_PARAMS).join(', ')}.`;
    case 'invalid_value':
      return `Invalid value '${problem.value}' for x-sim-scenario parameter '${problem.key}'.`;
    case 'invalid_characters':
      return 'The x-sim-scenario header may hold printable ASCII characters only.';
  }
}
