import type PgBoss from 'pg-boss';
import { lintProfile } from '@/lib/config/lint-profile';
import { KEY_IN_MODEL_MESSAGE } from '@/lib/config/model-id';
import { registerProfileSecrets } from '@/lib/config/profile-secrets';
import { providerProfileSchema, type ProviderProfile } from '@/lib/config/profile-schema';
import { resolveRuntimeConfig } from '@/lib/config/runtime-config';
import type { Database } from '@/lib/store/database';
import { redactText } from '@/lib/redaction/redact';
import { enqueueRun } from './run-queue';
import { listWorkspaceTemplates, startRunContext } from './run-context';
import { fieldErrorsOf, startRunSchemaFor, type FieldErrors, type StartRunInput, type StartRunInputParsed } from './run-input';
import { createRunOnce } from '../store/runs';

export type { FieldErrors };

/** `replayed`: a second submission of the same form (idempotency key) — the run the first one started. */
export type StartRunResult = { ok: true; runId: string; replayed?: boolean } | { ok: false; fieldErrors: FieldErrors; message: string };

export type CreateRunDeps = {
  db: Database;
  profiles: ProviderProfile[];
  env?: Record<string, string | undefined>;
  /** The folders of workspace-templates/ (default: listed from disk). */
  workspaceTemplates?: string[];
};

/**
 * Validates the input and the profile it makes, creates the run and queues it. Invalid input
 * writes nothing and answers with field errors; a repeated idempotency key answers with the run
 * it already started (not queued again).
 */
export async function startRun(deps: CreateRunDeps & { boss: PgBoss }, raw: StartRunInput | unknown): Promise<StartRunResult> {
  const created = await createRun(deps, raw);
  if (created.ok && !created.replayed) await enqueueRun(deps.boss, created.runId);
  return created;
}

/**
 * Validates the input and the profile it makes and creates the run (`queued`) without queueing it:
 * whoever calls this executes it (`executeRun`, as `npm run smoke` does) or queues it (`startRun`).
 */
export async function createRun(deps: CreateRunDeps, raw: StartRunInput | unknown): Promise<StartRunResult> {
  const env = deps.env ?? process.env;
  registerProfileSecrets(deps.profiles);
  const schema = startRunSchemaFor(startRunContext(deps.profiles, env, deps.workspaceTemplates ?? listWorkspaceTemplates()));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues), message: 'Some fields need attention.' };
  if (parsed.data.overrides.model && redactText(parsed.data.overrides.model) !== parsed.data.overrides.model) {
    return { ok: false, fieldErrors: { 'overrides.model': [KEY_IN_MODEL_MESSAGE] }, message: 'Some fields need attention.' };
  }
  const input = maskFreeText(parsed.data);
  const base = deps.profiles.find((profile) => profile.name === input.profileName);
  if (!base) return { ok: false, fieldErrors: { profileName: [`No profile named “${input.profileName}”`] }, message: 'Unknown profile.' };
  const merged = providerProfileSchema.safeParse({ ...base, ...input.overrides, reasoning: input.overrides.reasoning ?? base.reasoning, cache: input.overrides.cache ?? base.cache });
  if (!merged.success) return { ok: false, fieldErrors: fieldErrorsOf(merged.error.issues, 'overrides.'), message: 'These settings do not make a valid profile.' };
  const profile = merged.data;
  const blocking = lintProfile(profile).filter((finding) => finding.severity === 'error');
  if (blocking.length) {
    const errors: FieldErrors = {};
    for (const finding of blocking) (errors[`overrides.${finding.setting}`] ??= []).push(finding.message);
    return { ok: false, fieldErrors: errors, message: 'The provider would refuse these settings.' };
  }
  if (profile.provider !== 'simulator') {
    const resolved = resolveRuntimeConfig(profile, env);
    if (!resolved.ok) return { ok: false, fieldErrors: { profileName: [resolved.reason] }, message: 'The profile cannot be used on this server.' };
  }
  // The schema checked the fallbacks against the same profiles; they are snapshotted with the run, like its own profile.
  const fallbackProfiles = input.options.fallbacks.map((name) => deps.profiles.find((candidate) => candidate.name === name)!);
  return createRunOnce(deps.db, input.idempotencyKey, {
    task: input.task,
    profileName: profile.name,
    provider: profile.provider,
    runtime: profile.runtime,
    model: profile.model,
    profile: profile as object,
    options: { ...input.options, fallbackProfiles } as object,
  });
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

/** Why an imported run refuses cancel and resume (it is an archive: nothing executes it). */
export function importedRunRefusal(action: 'cancelled' | 'resumed'): string {
  return `This run was imported from a bundle: it is a read-only archive and cannot be ${action}.`;
}

/** Result of cancel / resume: `message` says why when `ok` is false for a reason the status does not tell. */
export type RunControlResult = { ok: boolean; status: string | null; message?: string };

/** Asks the worker running it to stop (it checks twice a second); a queued run is cancelled at once. Imported runs refuse. */
export async function cancelRun(db: Database, runId: string): Promise<RunControlResult> {
  const now = new Date();
  const queued = await db.run.updateMany({ where: { id: runId, status: 'queued', importedFromId: null }, data: { status: 'cancelled', cancelRequestedAt: now, finishedAt: now } });
  if (queued.count) return { ok: true, status: 'cancelled' };
  const running = await db.run.updateMany({ where: { id: runId, status: 'running', importedFromId: null }, data: { cancelRequestedAt: now } });
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, importedFromId: true } });
  if (run?.importedFromId) return { ok: false, status: run.status, message: importedRunRefusal('cancelled') };
  return { ok: running.count === 1, status: run?.status ?? null };
}

/** An interrupted, failed or cancelled run continues from its last completed turn. Imported runs refuse. */
export async function resumeRun(db: Database, boss: PgBoss, runId: string): Promise<RunControlResult> {
  const { count } = await db.run.updateMany({
    where: { id: runId, status: { in: ['interrupted', 'failed', 'cancelled'] }, importedFromId: null },
    data: { status: 'queued', cancelRequestedAt: null, finishedAt: null, errorKind: null, errorMessage: null, resumeCount: { increment: 1 } },
  });
  if (count) await enqueueRun(boss, runId);
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, importedFromId: true } });
  if (run?.importedFromId) return { ok: false, status: run.status, message: importedRunRefusal('resumed') };
  return { ok: count === 1, status: run?.status ?? null };
}
