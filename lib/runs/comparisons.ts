import 'server-only';
import type PgBoss from 'pg-boss';
import { database } from '@/lib/store/database';
import { createComparison, findComparisonOf } from '@/lib/store/lineage';
import { compareRunInputSchema, startComparisonInputSchema, type CompareRunInput, type StartComparisonInput } from './lineage-input';
import { findRun, noSuchRun, refusal, validateRunFrom, type RunCommandRefusal } from './parent-run';
import { fieldErrorsOf, type FieldErrors } from './run-input';
import { enqueueRun, runQueue } from './run-queue';
import { validateNewRun, type CreateRunDeps, type ValidatedRun } from './start-run';

export type ComparisonResult = { ok: true; comparisonId: string; runIds: string[]; replayed?: boolean } | RunCommandRefusal;

type Deps = CreateRunDeps & { boss?: PgBoss };

/**
 * One task, its options, tools and workspace template on 2–6 profiles, started as one comparison.
 * Every member is checked first: one profile this server cannot use refuses the whole comparison,
 * with nothing written.
 */
export async function startComparison(raw: StartComparisonInput | unknown, deps: Deps = {}): Promise<ComparisonResult> {
  const parsed = startComparisonInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues), message: 'Some fields need attention.' };
  const { profileNames, idempotencyKey, overrides, ...shared } = parsed.data;
  const members = await validateEach(profileNames, (profileName) =>
    validateNewRun({ ...shared, profileName, overrides: overrides[profileName] ?? {} }, deps),
  );
  if (!members.ok) return members;
  return create(deps, {
    kind: 'profiles',
    task: members.runs[0]!.data.task,
    members: members.runs.map(({ data }) => ({ newRun: data })),
    idempotencyKey,
  });
}

/** "Compare on …": the run's task and options on more profiles, the run itself in the first column. */
export async function compareRunOn(runId: string, raw: CompareRunInput | unknown, deps: Deps = {}): Promise<ComparisonResult> {
  const parsed = compareRunInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues), message: 'Some fields need attention.' };
  const source = await findRun(deps.db ?? database(), runId);
  if (!source) return noSuchRun(runId);
  const { profileNames, overrides } = parsed.data;
  const members = await validateEach(profileNames, (profileName) =>
    validateRunFrom(source, profileName, overrides[profileName] ?? {}, deps),
  );
  if (!members.ok) return members;
  return create(deps, {
    kind: 'profiles',
    task: source.task,
    members: [{ runId: source.id }, ...members.runs.map(({ data }) => ({ newRun: data }))],
    idempotencyKey: parsed.data.idempotencyKey,
  });
}

/** "Compare with parent": a fork or replay beside the run it came from (the comparison made before, if any). */
export async function compareWithParent(runId: string, deps: { db?: CreateRunDeps['db'] } = {}): Promise<ComparisonResult> {
  const db = deps.db ?? database();
  const run = await findRun(db, runId);
  if (!run) return noSuchRun(runId);
  if (!run.parentRunId)
    return refusal(
      'form',
      run.lineage ? 'The run this one came from was deleted.' : 'This run was not forked or replayed from another run.',
      'No parent run.',
    );
  const runIds = [run.parentRunId, run.id];
  const existing = await findComparisonOf(db, 'lineage', runIds);
  if (existing) return { ok: true, comparisonId: existing, runIds, replayed: true };
  const created = await createComparison(db, { kind: 'lineage', task: run.task, members: runIds.map((id) => ({ runId: id })) });
  return { ok: true, comparisonId: created.comparisonId, runIds };
}

/** Each profile's run checked; the errors of all of them, each under `profileNames` with the profile's name, or the runs. */
async function validateEach(
  profileNames: string[],
  validate: (profileName: string) => Promise<ValidatedRun | RunCommandRefusal>,
): Promise<{ ok: true; runs: ValidatedRun[] } | RunCommandRefusal> {
  const runs: ValidatedRun[] = [];
  const errors: FieldErrors = {};
  for (const profileName of profileNames) {
    const result = await validate(profileName);
    if (result.ok) runs.push(result);
    else
      for (const [field, messages] of Object.entries(result.fieldErrors)) {
        const key = field === 'profileName' ? 'profileNames' : field;
        for (const message of messages) (errors[key] ??= []).push(message.includes(profileName) ? message : `${profileName}: ${message}`);
      }
  }
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors, message: 'Not every profile can run this comparison.' };
  return { ok: true, runs };
}

async function create(deps: Deps, input: Parameters<typeof createComparison>[1]): Promise<ComparisonResult> {
  const created = await createComparison(deps.db ?? database(), input);
  if (created.createdRunIds.length) {
    const boss = deps.boss ?? (await runQueue());
    for (const runId of created.createdRunIds) await enqueueRun(boss, runId);
  }
  return { ok: true, comparisonId: created.comparisonId, runIds: created.runIds, ...(created.replayed ? { replayed: true } : {}) };
}
