import type { NextRequest } from 'next/server';
import { commandRefused, readJsonCommand, runIdOr400 } from '@/lib/runs/http';
import { replayRun } from '@/lib/runs/replay-run';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * "Replay on …": the body is `replayRunInputSchema`'s (`{ profileName, overrides?, onDivergence?:
 * 'stop' | 'continue', idempotencyKey? }`). 201 `{ runId }` (200 when the idempotency key already
 * started it); 400 `{ message, fieldErrors }` (a run still going, a profile this server cannot use …)
 * or 404 for an unknown run, with nothing written.
 */
export async function POST(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const checked = runIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  const body = await readJsonCommand(request);
  if (!body.ok) return body.response;
  const result = await replayRun(checked.id, body.value);
  if (!result.ok) return commandRefused(checked.id, result);
  return Response.json(
    { runId: result.runId },
    { status: result.replayed ? 200 : 201, headers: { location: `/api/runs/${result.runId}` } },
  );
}
