import { lintProfile } from '@/lib/config/lint-profile';
import { providerProfileSchema, type ProviderProfile } from '@/lib/config/profile-schema';
import type { StartRunInput } from '@/lib/runs/run-input';

/** What `npm run smoke` asks of each profile: one short call (two with --tools: a tool call and the answer). */

export const SMOKE_ANSWER_TOKENS = 64;
/** A tool call (name, arguments, Anthropic's lead-in text) needs more room than a one-line answer. */
export const SMOKE_TOOL_TOKENS = 256;
/** Reasoning tokens count toward max output tokens: models that reason get this much more. */
export const SMOKE_REASONING_TOKENS = 1024;

export const SMOKE_TASK = 'Smoke test: reply with one short sentence.';
export const SMOKE_TOOLS_TASK = 'Smoke test: call list_files once, then reply with one short sentence about what it returned.';

export type SmokeFlags = {
  stream: boolean;
  tools: boolean;
  /** Simulator profiles only: a fault scenario (lib/simulator/README.md). */ scenario?: string | null;
};

export type SmokePlan = {
  profile: ProviderProfile;
  /** The startRun input: the console's validation applies to it as to any run. */
  input: StartRunInput;
  /** The profile the run will snapshot (overrides applied). */
  effective: ProviderProfile;
  /** Why temperature 0 is not sent, when it is not. */
  temperatureNote: string | null;
};

/**
 * Caps tokens, sets temperature 0 where the provider accepts it (the profile lint decides: reasoning
 * models refuse it) and turns reasoning down to its cheapest useful setting.
 */
export function planSmoke(profile: ProviderProfile, flags: SmokeFlags): SmokePlan {
  const answerTokens = flags.tools ? SMOKE_TOOL_TOKENS : SMOKE_ANSWER_TOKENS;
  const reasoning = profile.reasoning
    ? {
        ...profile.reasoning,
        ...(profile.reasoning.effort ? { effort: 'low' as const } : {}),
        // Anthropic's minimum thinking budget; it must stay below max tokens.
        ...(profile.reasoning.budgetTokens ? { budgetTokens: SMOKE_REASONING_TOKENS } : {}),
      }
    : undefined;
  const maxOutputTokens = answerTokens + (reasoning?.effort || reasoning?.budgetTokens ? SMOKE_REASONING_TOKENS : 0);
  const overrides: NonNullable<StartRunInput['overrides']> = {
    stream: flags.stream,
    maxOutputTokens,
    ...(reasoning ? { reasoning } : {}),
    ...(flags.scenario && profile.provider === 'simulator' ? { simulatorScenario: flags.scenario } : {}),
  };
  // As createRun merges them.
  const merge = (extra: object) =>
    providerProfileSchema.parse({
      ...profile,
      ...overrides,
      ...extra,
      reasoning: overrides.reasoning ?? profile.reasoning,
      cache: profile.cache,
    });
  let temperatureNote: string | null = null;
  let effective = merge({ temperature: 0 });
  const refusal = lintProfile(effective).find((finding) => finding.setting === 'temperature');
  if (refusal) {
    temperatureNote = refusal.message;
    effective = merge({});
  } else {
    overrides.temperature = 0;
  }
  return {
    profile,
    effective,
    temperatureNote,
    input: {
      profileName: profile.name,
      task: flags.tools ? SMOKE_TOOLS_TASK : SMOKE_TASK,
      overrides,
      // Turn 0 calls the tool, turn 1 answers; one spare turn for a model that looks twice.
      options: flags.tools ? { maxTurns: 3, tools: ['list_files'] } : { maxTurns: 1, tools: [] },
    },
  };
}

export type SmokeSelection = { ok: true; profiles: ProviderProfile[]; simulator: boolean } | { ok: false; message: string };

/** `--profile` names (repeatable), `--all` (every built-in real profile), `--simulator` (the four Simulator profiles). */
export function selectProfiles(
  available: readonly ProviderProfile[],
  builtinNames: ReadonlySet<string>,
  choice: { profiles: readonly string[]; all: boolean; simulator: boolean; scenario?: string | null },
): SmokeSelection {
  const unknown = choice.profiles.filter((name) => !available.some((profile) => profile.name === name));
  if (unknown.length) {
    return {
      ok: false,
      message: `Unknown profile${unknown.length > 1 ? 's' : ''}: ${unknown.map((name) => `"${name}"`).join(', ')}. Profiles: ${available.map((profile) => profile.name).join(', ')}.`,
    };
  }
  const chosen = available.filter(
    (profile) =>
      choice.profiles.includes(profile.name) ||
      (choice.all && profile.provider !== 'simulator' && builtinNames.has(profile.name)) ||
      (choice.simulator && profile.provider === 'simulator' && builtinNames.has(profile.name)),
  );
  if (!chosen.length) return { ok: false, message: 'Choose what to call: --profile <name> (repeatable), --all or --simulator.' };
  const real = chosen.filter((profile) => profile.provider !== 'simulator');
  if (choice.scenario && real.length)
    return { ok: false, message: `--scenario applies to Simulator profiles only, not ${real.map((profile) => profile.name).join(', ')}.` };
  return { ok: true, profiles: chosen, simulator: chosen.some((profile) => profile.provider === 'simulator') };
}

/** Null when the profile can be called; else why it is skipped (names the variable, never its value). */
export function missingKey(profile: ProviderProfile, env: Record<string, string | undefined>): string | null {
  if (profile.provider === 'simulator') return null;
  const variable = profile.apiKeyEnv;
  if (variable && env[variable]?.trim()) return null;
  return `skipped: no key for ${profile.provider} (${variable ?? 'no apiKeyEnv in the profile'} is not set)`;
}
