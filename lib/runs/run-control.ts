import type PgBoss from 'pg-boss';
import { database, type Database } from '@/lib/store/database';
import { requestCancel, requeueForResume, runControlRow } from '@/lib/store/runs';
import { enqueueRun, runQueue } from './run-queue';

/** Why an imported run refuses cancel and resume (it is an archive: nothing executes it). */
function importedRunRefusal(action: 'cancelled' | 'resumed'): string {
  return `This run was imported from a bundle: it is a read-only archive and cannot be ${action}.`;
}

/**
 * Result of cancel / resume: `message` says why when `ok` is false for a reason the status does not
 * tell; `seq` is the run-log event that records the change (a cancel of a running run has none yet:
 * the worker writes the end).
 */
export type RunControlResult = { ok: boolean; status: string | null; message?: string; seq?: number };

/** Asks the worker running it to stop (it checks twice a second); a queued run is cancelled at once. Imported runs refuse. */
export async function cancelRun(runId: string, deps: { db?: Database } = {}): Promise<RunControlResult> {
  const { done, run, seq } = await requestCancel(deps.db ?? database(), runId);
  if (done === 'cancelled') return { ok: true, status: 'cancelled', seq };
  if (run?.imported) return { ok: false, status: run.status, message: importedRunRefusal('cancelled') };
  return { ok: done === 'requested', status: run?.status ?? null };
}

/** An interrupted, failed or cancelled run continues from its last completed turn. Imported runs refuse. */
export async function resumeRun(runId: string, deps: { db?: Database; boss?: PgBoss } = {}): Promise<RunControlResult> {
  const db = deps.db ?? database();
  const boss = deps.boss ?? (await runQueue());
  const seq = await requeueForResume(db, runId);
  if (seq !== null) await enqueueRun(boss, runId);
  const run = await runControlRow(db, runId);
  if (run?.imported) return { ok: false, status: run.status, message: importedRunRefusal('resumed') };
  return seq === null ? { ok: false, status: run?.status ?? null } : { ok: true, status: run?.status ?? null, seq };
}
