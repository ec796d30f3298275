'use server';

import { redirect } from 'next/navigation';
import { compareRunOn, compareWithParent } from '@/lib/runs/comparisons';
import { forkRun } from '@/lib/runs/fork-run';
import { replayRun } from '@/lib/runs/replay-run';
import { cancelRun, resumeRun, type RunControlResult } from '@/lib/runs/run-control';
import { findRunStatus } from '@/lib/runs/run-detail';
import { parseRunId } from '@/lib/runs/run-id';
import { database } from '@/lib/store/database';
import { compareInputOf, forkInputOf, refusedForm, replayInputOf, type LineageFormState } from './lineage-form-input';

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

/** The run a form names (its `runId` field); a malformed one is refused as the form's error. */
function formRunId(form: FormData): { id: string } | { refused: LineageFormState } {
  const parsed = parseRunId(form.get('runId'));
  return parsed.ok ? { id: parsed.id } : { refused: { message: parsed.message, fieldErrors: { form: [parsed.message] } } };
}

/**
 * The forms of the run page that start something (useActionState): each answers with why it was
 * refused (nothing written), or opens what it started — the new run's page, or the comparison.
 */

/** "Fork from here": the fork's page. */
export async function forkRunAction(_previous: LineageFormState, form: FormData): Promise<LineageFormState> {
  const run = formRunId(form);
  if ('refused' in run) return run.refused;
  const result = await forkRun(run.id, forkInputOf(form));
  if (!result.ok) return refusedForm(result);
  redirect(`/runs/${result.runId}`);
}

/** "Replay on …": the replay's page. */
export async function replayRunAction(_previous: LineageFormState, form: FormData): Promise<LineageFormState> {
  const run = formRunId(form);
  if ('refused' in run) return run.refused;
  const result = await replayRun(run.id, replayInputOf(form));
  if (!result.ok) return refusedForm(result);
  redirect(`/runs/${result.runId}`);
}

/** "Compare on …": the comparison, the run in its first column. */
export async function compareRunOnAction(_previous: LineageFormState, form: FormData): Promise<LineageFormState> {
  const run = formRunId(form);
  if ('refused' in run) return run.refused;
  const result = await compareRunOn(run.id, compareInputOf(form));
  if (!result.ok) return refusedForm(result);
  redirect(`/compare/${result.comparisonId}`);
}

/** "Compare with parent": the comparison of a fork or replay beside the run it came from. */
export async function compareWithParentAction(_previous: LineageFormState, form: FormData): Promise<LineageFormState> {
  const run = formRunId(form);
  if ('refused' in run) return run.refused;
  const result = await compareWithParent(run.id);
  if (!result.ok) return refusedForm(result);
  redirect(`/compare/${result.comparisonId}`);
}
