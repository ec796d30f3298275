'use server';

import { cancelRun, resumeRun } from '@/lib/runs/run-control';
import { findRunStatus } from '@/lib/runs/run-detail';
import { parseRunId } from '@/lib/runs/run-id';
import { database } from '@/lib/store/database';

/** `seq`: the run-log event that records the change, when one was written (the page shows `status` until it arrives). */
export type RunActionResult =
  { ok: true; status: string; message: string; seq?: number } | { ok: false; status: string | null; error: string };

async function existingRun(raw: unknown): Promise<{ id: string; status: string } | { error: string }> {
  const parsed = parseRunId(raw);
  if (!parsed.ok) return { error: parsed.message };
  const run = await findRunStatus(database(), parsed.id);
  return run ?? { error: `No run with id ${parsed.id}.` };
}

/** Cancels a queued run at once, or asks the worker running it to stop (within about 2 s). */
export async function cancelRunAction(runId: unknown): Promise<RunActionResult> {
  const run = await existingRun(runId);
  if ('error' in run) return { ok: false, status: null, error: run.error };
  const result = await cancelRun(run.id);
  if (!result.ok)
    return {
      ok: false,
      status: result.status,
      error: result.message ?? `The run is ${result.status ?? 'gone'}: only queued or running runs can be cancelled.`,
    };
  return {
    ok: true,
    status: result.status ?? 'cancelled',
    message: result.status === 'cancelled' ? 'Cancelled.' : 'Cancel requested: the worker stops the run within a couple of seconds.',
    seq: result.seq,
  };
}

/** Queues an interrupted, failed or cancelled run again; it continues after its last completed turn. */
export async function resumeRunAction(runId: unknown): Promise<RunActionResult> {
  const run = await existingRun(runId);
  if ('error' in run) return { ok: false, status: null, error: run.error };
  const result = await resumeRun(run.id);
  if (!result.ok)
    return {
      ok: false,
      status: result.status,
      error: result.message ?? `The run is ${result.status ?? 'gone'}: only interrupted, failed or cancelled runs can be resumed.`,
    };
  return {
    ok: true,
    status: result.status ?? 'queued',
    message: 'Resumed: the run is queued and continues after its last completed turn.',
    seq: result.seq,
  };
}
