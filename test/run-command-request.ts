// Shared by the route tests of the commands on a run (POST /api/runs/[id]/fork, …/replay,
// …/compare, …/compare-with-parent): the request a client sends and the route's params.
import { NextRequest } from 'next/server';

/** A POST of `body` (a string as sent, or a value sent as JSON) to `/api/runs/<id>/<command>`. */
export function commandRequest(
  id: string,
  command: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): NextRequest {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new NextRequest(`http://localhost/api/runs/${encodeURIComponent(id)}/${command}`, { method: 'POST', body: text, headers });
}

/** The `context` a dynamic route handler gets for run `id`. */
export function runParams(id: string) {
  return { params: Promise.resolve({ id }) };
}
