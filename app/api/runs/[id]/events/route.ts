import type { NextRequest } from 'next/server';
import { databaseUnavailable, jsonError, parseAfter, runIdOr400, unknownRun } from '@/lib/runs/http';
import { findRunStatus } from '@/lib/runs/run-detail';
import { runEventHub } from '@/lib/runs/run-event-hub';
import { runEventStream } from '@/lib/runs/run-event-stream';
import { database } from '@/lib/store/database';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The run's events as server-sent events (see lib/runs/run-event-stream.ts): everything after
 * `Last-Event-ID` (sent by EventSource when it reconnects) or `?after=<seq>`, then live rows as
 * they commit, keep-alives every 15 s, and `event: end` once the run is over. A database that does
 * not answer is a 503 with `retry-after`: the page tries again by itself.
 */
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const checked = runIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  // The header wins: on a reconnect it is newer than the ?after= the stream was opened with.
  const after = parseAfter(request.headers.get('last-event-id') || request.nextUrl.searchParams.get('after'));
  if (!after.ok) return jsonError(400, after.message);
  const db = database();
  let run: { id: string } | null;
  try {
    run = await findRunStatus(db, checked.id);
  } catch (error) {
    console.error('[switchboard] run event stream: the database did not answer:', error instanceof Error ? error.message : error);
    return databaseUnavailable();
  }
  if (!run) return unknownRun(checked.id);

  const stream = runEventStream({
    db,
    hub: runEventHub(),
    runId: checked.id,
    after: after.after,
    signal: request.signal,
    onError: (error) => console.error('[switchboard] run event stream:', error instanceof Error ? error.message : error),
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
