import { forkRun } from '@/lib/runs/fork-run';
import { runCommandRoute } from '@/lib/runs/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * "Fork from here": the body is `forkRunInputSchema`'s (`{ turn, profileName, overrides?,
 * idempotencyKey? }`). 201 `{ runId }` (200 when the idempotency key already started it); 400
 * `{ message, fieldErrors }` (an imported run, a turn that does not exist or did not complete, a
 * profile this server cannot use …) or 404 for an unknown run, with nothing written.
 */
export const POST = runCommandRoute(forkRun, (result) => ({ body: { runId: result.runId }, location: `/api/runs/${result.runId}` }));
