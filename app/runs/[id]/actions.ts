'use server';

import { cancelRun, resumeRun, type RunControlResult } from '@/lib/runs/run-control';
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

/**
 * Runs `control` on the run `runId` names, if there is one, and answers as the run page shows it:
 * the run's status (`nextStatus` when `control` reports none) and `done`, worded from it; or why the run
 * is not in a state for it.
 */
async function controlRun(
  runId: unknown,
  control: (id: string) => Promise<RunControlResult>,
  answer: { refusal: string; nextStatus: string; done: (status: string | null) => string },
): Promise<RunActionResult> {
  const run = await existingRun(runId);
  if ('error' in run) return { ok: false, status: null, error: run.error };
  const result = await control(run.id);
  if (!result.ok)
    return { ok: false, status: result.status, error: result.message ?? `The run is ${result.status ?? 'gone'}: ${answer.refusal}` };
  return { ok: true, status: result.status ?? answer.nextStatus, message: answer.done(result.status), seq: result.seq };
}

/** Cancels a queued run at once, or asks the worker running it to stop (within about 2 s). */
export async function cancelRunAction(runId: unknown): Promise<RunActionResult> {
  return controlRun(runId, cancelRun, {
    refusal: 'only queued or running runs can be cancelled.',
    nextStatus: 'cancelled',
    done: (status) => (status === 'cancelled' ? 'Cancelled.' : 'Cancel requested: the worker stops the run within a couple of seconds.'),
  });
}

/** Queues an interrupted, failed or cancelled run again; it continues after its last completed turn. */
export async function resumeRunAction(runId: unknown): Promise<RunActionResult> {
  return controlRun(runId, resumeRun, {
    refusal: 'only interrupted, failed or cancelled runs can be resumed.',
    nextStatus: 'queued',
    done: () => 'Resumed: the run is queued and continues after its last completed turn.',
  });
}
