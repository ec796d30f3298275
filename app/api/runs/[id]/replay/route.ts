import { replayRun } from '@/lib/runs/replay-run';
import { runCommandRoute } from '@/lib/runs/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * "Replay on …": the body is `replayRunInputSchema`'s (`{ profileName, overrides?, onDivergence?:
 * 'stop' | 'continue', idempotencyKey? }`). 201 `{ runId }` (200 when the idempotency key already
 * started it); 400 `{ message, fieldErrors }` (a run still going, a profile this server cannot use …)
 * or 404 for an unknown run, with nothing written.
 */
export const POST = runCommandRoute(replayRun, (result) => ({ body: { runId: result.runId }, location: `/api/runs/${result.runId}` }));
