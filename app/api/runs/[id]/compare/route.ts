import type { NextRequest } from 'next/server';
import { compareRunOn } from '@/lib/runs/comparisons';
import { commandRefused, readJsonCommand, runIdOr400 } from '@/lib/runs/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * "Compare on …": the run's task and options on 1–5 more profiles, as one comparison with the run in
 * its first column. The body is `compareRunInputSchema`'s (`{ profileNames, idempotencyKey? }`).
 * 201 `{ comparisonId, runIds }` (200 when the idempotency key already started it); 400
 * `{ message, fieldErrors }` (no profile, one this server cannot use …) or 404 for an unknown run,
 * with nothing written.
 */
export async function POST(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const checked = runIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  const body = await readJsonCommand(request);
  if (!body.ok) return body.response;
  const result = await compareRunOn(checked.id, body.value);
  if (!result.ok) return commandRefused(checked.id, result);
  return Response.json({ comparisonId: result.comparisonId, runIds: result.runIds }, { status: result.replayed ? 200 : 201 });
}
