import 'server-only';
import type { Database } from '@/lib/store/database';
import type { Run } from '@/lib/store/generated/prisma/client';
import { startRunInputSchema, type FieldErrors } from './run-input';
import { validateNewRun, type CreateRunDeps, type RunInputRefusal, type ValidatedRun } from './start-run';

/** Why a command on an existing run did nothing: no such run (404), or input it refuses (400), with field errors. */
export type RunCommandRefusal = { ok: false; notFound?: true; fieldErrors: FieldErrors; message: string };

export function noSuchRun(runId: string): RunCommandRefusal {
  return { ok: false, notFound: true, fieldErrors: { form: [`No run ${runId}.`] }, message: 'No such run.' };
}

export function refusal(field: string, message: string, summary = message): RunCommandRefusal {
  return { ok: false, fieldErrors: { [field]: [message] }, message: summary };
}

export async function findRun(db: Database, runId: string): Promise<Run | null> {
  return /^[0-9a-f-]{36}$/i.test(runId) ? db.run.findUnique({ where: { id: runId } }) : null;
}

/**
 * A new run with another run's task and options (tools, turns, workspace template, system prompt,
 * fallbacks) on `profileName` with `overrides`, checked as the New run form's input is. A fallback
 * that is the new run's own profile is left out.
 */
export async function validateRunFrom(
  source: Run,
  profileName: unknown,
  overrides: unknown,
  deps: CreateRunDeps,
): Promise<ValidatedRun | RunInputRefusal> {
  const parsed = startRunInputSchema.shape.options.safeParse(source.options);
  if (!parsed.success) return refusal('form', `The options run ${source.id} was recorded with cannot start a run here.`) as RunInputRefusal;
  const options = parsed.data;
  return validateNewRun(
    {
      profileName,
      task: source.task,
      overrides,
      options: { ...options, fallbacks: options.fallbacks.filter((name) => name !== profileName) },
    },
    deps,
  );
}
