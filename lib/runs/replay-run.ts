import 'server-only';
import type PgBoss from 'pg-boss';
import { database } from '@/lib/store/database';
import { createLineageRun } from '@/lib/store/lineage';
import { replayRunInputSchema, type ReplayRunInput } from './lineage-input';
import { findRun, noSuchRun, refusal, validateRunFrom, type RunCommandRefusal } from './parent-run';
import { fieldErrorsOf } from './run-input';
import { enqueueRun, runQueue } from './run-queue';
import type { CreateRunDeps } from './start-run';

export type ReplayResult = { ok: true; runId: string; replayed?: boolean } | RunCommandRefusal;

const UNFINISHED = new Set(['queued', 'running']);

/**
 * "Replay on …": the run's task and options again on a profile (the same or another), with the
 * recorded tool results served instead of running the tools while the model asks for the same
 * calls (name and arguments, turn by turn). At the first divergence the replay stops, or continues
 * with real tool execution when `onDivergence` is `continue`. A replay of an imported run serves
 * its recording too. Refused, with nothing written: a run still going, a profile this server cannot use.
 */
export async function replayRun(
  runId: string,
  raw: ReplayRunInput | unknown,
  deps: CreateRunDeps & { boss?: PgBoss } = {},
): Promise<ReplayResult> {
  const db = deps.db ?? database();
  const parsed = replayRunInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues), message: 'Some fields need attention.' };
  const input = parsed.data;
  const parent = await findRun(db, runId);
  if (!parent) return noSuchRun(runId);
  if (UNFINISHED.has(parent.status))
    return refusal('form', `Run ${runId} is still ${parent.status}: replay it once it has ended.`, 'The run has not ended.');
  const validated = await validateRunFrom(parent, input.profileName, input.overrides, deps);
  if (!validated.ok) return validated;
  const recordedCalls = await db.toolCall.count({ where: { runId } });
  const created = await createLineageRun(
    db,
    { ...validated.data, parentRunId: parent.id, lineage: 'replay', replayMode: input.onDivergence },
    {
      messages: [],
      events: [
        { type: 'notice', payload: { notice: 'replaying', parentRunId: parent.id, recordedCalls, onDivergence: input.onDivergence } },
      ],
      idempotencyKey: input.idempotencyKey,
    },
  );
  if (!created.replayed) await enqueueRun(deps.boss ?? (await runQueue()), created.runId);
  return { ok: true, ...created };
}
