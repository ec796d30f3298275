import type PgBoss from 'pg-boss';
import { lintProfile } from '@/lib/config/lint-profile';
import { KEY_IN_MODEL_MESSAGE } from '@/lib/config/model-id';
import { registerProfileSecrets } from '@/lib/config/profile-secrets';
import { providerProfileSchema, type ProviderProfile } from '@/lib/config/profile-schema';
import { loadProfiles } from '@/lib/config/profiles';
import { resolveRuntimeConfig } from '@/lib/config/runtime-config';
import { redactText } from '@/lib/redaction/redact';
import { database, type Database } from '@/lib/store/database';
import { createRunOnce, type NewRun } from '@/lib/store/runs';
import { listWorkspaceTemplates, startRunContext } from './run-context';
import { fieldErrorsOf, startRunSchemaFor, type FieldErrors, type StartRunInput, type StartRunInputParsed } from './run-input';
import { enqueueRun, runQueue } from './run-queue';

export type { FieldErrors };

/** `replayed`: a second submission of the same form (idempotency key) — the run the first one started. */
export type StartRunResult = { ok: true; runId: string; replayed?: boolean } | { ok: false; fieldErrors: FieldErrors; message: string };

/** What a run is created with; by default the process's database, the server's profiles and environment. */
export type CreateRunDeps = {
  db?: Database;
  profiles?: ProviderProfile[];
  env?: Record<string, string | undefined>;
  /** The folders of workspace-templates/ (default: listed from disk). */
  workspaceTemplates?: string[];
};

/**
 * Validates the input and the profile it makes, creates the run and queues it (on the process's
 * queue by default). Invalid input writes nothing and answers with field errors; a repeated
 * idempotency key answers with the run it already started (not queued again).
 */
export async function startRun(raw: StartRunInput | unknown, deps: CreateRunDeps & { boss?: PgBoss } = {}): Promise<StartRunResult> {
  const boss = deps.boss ?? (await runQueue());
  const created = await createRun(raw, deps);
  if (created.ok && !created.replayed) await enqueueRun(boss, created.runId);
  return created;
}

/** A run the input makes, checked against the server's profiles, templates and keys: ready to be created. */
export type ValidatedRun = { ok: true; data: NewRun; idempotencyKey: string | undefined };
export type RunInputRefusal = { ok: false; fieldErrors: FieldErrors; message: string };

/**
 * Validates the input and the profile it makes and creates the run (`queued`) without queueing it:
 * whoever calls this executes it (`executeRun`, as `npm run smoke` does) or queues it (`startRun`).
 */
export async function createRun(raw: StartRunInput | unknown, deps: CreateRunDeps = {}): Promise<StartRunResult> {
  const validated = await validateNewRun(raw, deps);
  if (!validated.ok) return validated;
  const created = await createRunOnce(deps.db ?? database(), validated.idempotencyKey, validated.data);
  if ('conflict' in created) {
    // The same key with another task: not a repeat, and not something to start silently either.
    return {
      ok: false,
      fieldErrors: { form: ['This form already started a different run. Reload the page to start another one.'] },
      message: 'This form was already used.',
    };
  }
  return { ok: true, ...created };
}

/**
 * What `createRun` checks, without writing: the input (schema and the server's lists), the profile
 * it makes with its overrides (valid, accepted by the provider, with credentials on this server).
 * Comparisons, forks and replays make their runs through it too.
 */
export async function validateNewRun(raw: StartRunInput | unknown, deps: CreateRunDeps = {}): Promise<ValidatedRun | RunInputRefusal> {
  const env = deps.env ?? process.env;
  const profiles = deps.profiles ?? loadProfiles().profiles;
  registerProfileSecrets(profiles);
  const schema = startRunSchemaFor(startRunContext(profiles, env, deps.workspaceTemplates ?? listWorkspaceTemplates()));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues), message: 'Some fields need attention.' };
  if (parsed.data.overrides.model && redactText(parsed.data.overrides.model) !== parsed.data.overrides.model) {
    return { ok: false, fieldErrors: { 'overrides.model': [KEY_IN_MODEL_MESSAGE] }, message: 'Some fields need attention.' };
  }
  const input = maskFreeText(parsed.data);
  const base = profiles.find((profile) => profile.name === input.profileName);
  if (!base) return { ok: false, fieldErrors: { profileName: [`No profile named “${input.profileName}”`] }, message: 'Unknown profile.' };
  const merged = providerProfileSchema.safeParse({
    ...base,
    ...input.overrides,
    reasoning: input.overrides.reasoning ?? base.reasoning,
    cache: input.overrides.cache ?? base.cache,
  });
  if (!merged.success)
    return {
      ok: false,
      fieldErrors: fieldErrorsOf(merged.error.issues, 'overrides.'),
      message: 'These settings do not make a valid profile.',
    };
  const profile = merged.data;
  const blocking = lintProfile(profile).filter((finding) => finding.severity === 'error');
  if (blocking.length) {
    const errors: FieldErrors = {};
    for (const finding of blocking) (errors[`overrides.${finding.setting}`] ??= []).push(finding.message);
    return { ok: false, fieldErrors: errors, message: 'The provider would refuse these settings.' };
  }
  if (profile.provider !== 'simulator') {
    const resolved = resolveRuntimeConfig(profile, env);
    if (!resolved.ok)
      return { ok: false, fieldErrors: { profileName: [resolved.reason] }, message: 'The profile cannot be used on this server.' };
  }
  // The schema checked the fallbacks against the same profiles; they are snapshotted with the run, like its own profile.
  const fallbackProfiles = input.options.fallbacks.map((name) => profiles.find((candidate) => candidate.name === name)!);
  return {
    ok: true,
    idempotencyKey: input.idempotencyKey,
    data: {
      task: input.task,
      profileName: profile.name,
      provider: profile.provider,
      runtime: profile.runtime,
      model: profile.model,
      profile: profile as object,
      options: { ...input.options, fallbackProfiles } as object,
    },
  };
}

/**
 * The one rule for a run's free text (task, system prompt, model): a key pasted into it is masked
 * before it is stored or sent anywhere. (The schema already refused what cannot be stored.)
 */
function maskFreeText(input: StartRunInputParsed): StartRunInputParsed {
  const { model, ...overrides } = input.overrides;
  const { systemPrompt, ...options } = input.options;
  return {
    ...input,
    task: redactText(input.task),
    overrides: { ...overrides, ...(model !== undefined ? { model: redactText(model) } : {}) },
    options: { ...options, ...(systemPrompt !== undefined ? { systemPrompt: redactText(systemPrompt) } : {}) },
  };
}
