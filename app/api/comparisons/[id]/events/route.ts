import type { NextRequest } from 'next/server';
import { parseComparisonCursor } from '@/lib/runs/comparison-cursor';
import { comparisonEventStream } from '@/lib/runs/comparison-event-stream';
import { comparisonRunIds } from '@/lib/runs/comparison-page';
import { comparisonIdOr400, databaseUnavailable, jsonError, unknownComparison } from '@/lib/runs/http';
import { runEventHub } from '@/lib/runs/run-event-hub';
import { database } from '@/lib/store/database';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The member runs' events on one server-sent events stream (lib/runs/comparison-event-stream.ts):
 * each tagged with its `runId`, its id the cursor of every member's last seq; `Last-Event-ID` or
 * `?after=<cursor>` continues each member there. `run-end` as each member's log ends, `end` once all
 * have. A database that does not answer is a 503 with `retry-after`: the page tries again by itself.
 */
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const checked = comparisonIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  const db = database();
  let runIds: string[] | null;
  try {
    runIds = await comparisonRunIds(db, checked.id);
  } catch (error) {
    console.error('[switchboard] comparison event stream: the database did not answer:', error instanceof Error ? error.message : error);
    return databaseUnavailable();
  }
  if (!runIds) return unknownComparison(checked.id);
  // The header wins: on a reconnect it is newer than the ?after= the stream was opened with.
  const after = parseComparisonCursor(request.headers.get('last-event-id') || request.nextUrl.searchParams.get('after'), runIds.length);
  if (!after.ok) return jsonError(400, after.message);

  const stream = comparisonEventStream({
    db,
    hub: runEventHub(),
    runIds,
    after: after.cursor,
    signal: request.signal,
    onError: (error) => console.error('[switchboard] comparison event stream:', error instanceof Error ? error.message : error),
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform keeps the compression layer from buffering the stream.
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
