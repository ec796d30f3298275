import { compareRunOn } from '@/lib/runs/comparisons';
import { runCommandRoute } from '@/lib/runs/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * "Compare on …": the run's task and options on 1–5 more profiles, as one comparison with the run in
 * its first column. The body is `compareRunInputSchema`'s (`{ profileNames, idempotencyKey? }`).
 * 201 `{ comparisonId, runIds }` (200 when the idempotency key already started it); 400
 * `{ message, fieldErrors }` (no profile, one this server cannot use …) or 404 for an unknown run,
 * with nothing written.
 */
export const POST = runCommandRoute(compareRunOn, (result) => ({ body: { comparisonId: result.comparisonId, runIds: result.runIds } }));
