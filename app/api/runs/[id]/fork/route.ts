import type { NextRequest } from 'next/server';
import { forkRun } from '@/lib/runs/fork-run';
import { commandRefused, readJsonCommand, runIdOr400 } from '@/lib/runs/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * "Fork from here": the body is `forkRunInputSchema`'s (`{ turnIndex, profileName, overrides?,
 * idempotencyKey? }`). 201 `{ runId }` (200 when the idempotency key already started it); 400
 * `{ message, fieldErrors }` (an imported run, a turn that does not exist or did not complete, a
 * profile this server cannot use …) or 404 for an unknown run, with nothing written.
 */
export async function POST(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const checked = runIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  const body = await readJsonCommand(request);
  if (!body.ok) return body.response;
  const result = await forkRun(checked.id, body.value);
  if (!result.ok) return commandRefused(checked.id, result);
  return Response.json(
    { runId: result.runId },
    { status: result.replayed ? 200 : 201, headers: { location: `/api/runs/${result.runId}` } },
  );
}
