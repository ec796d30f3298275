import 'server-only';
import type { RunStatus } from '@/lib/run-events/schema';
import type { Database } from '@/lib/store/database';
import { formatComparisonCursor, type ComparisonCursor } from './comparison-cursor';
import { followRunLog, type FollowRunLogOptions } from './follow-run-log';
import type { RunEventHub } from './run-event-hub';
import { sseMessage } from './sse';
import { sseStream } from './sse-stream';

export type ComparisonEventStreamOptions = Omit<FollowRunLogOptions, 'runId' | 'after' | 'onListening'> & {
  db: Database;
  hub: Pick<RunEventHub, 'subscribe'>;
  /** The member runs, in column order. */
  runIds: string[];
  /** Per member, the last seq the client has. */
  after: ComparisonCursor;
  keepAliveMs?: number;
};

/**
 * A comparison's member runs live, on ONE stream (a browser opens at most 6 HTTP/1.1 connections
 * per host: one EventSource per member would starve the page): each member's log followed by
 * `followRunLog`, side by side, merged as they come.
 * - each RunEvent as `id: <cursor>` / `event: <type>` / `data: {runId, seq, type, payload, createdAt}`,
 *   where the id is the comparison cursor after it (every member's last seq sent): a reconnect's
 *   `Last-Event-ID` continues every member where it was;
 * - `event: run-end` with `{ runId, status }` when a member's log is complete;
 * - `event: end` with `{ statuses }` once all of them are; then it closes.
 * A member whose read never answers ends the stream without `end`, so the browser reconnects.
 */
export function comparisonEventStream(options: ComparisonEventStreamOptions): ReadableStream<Uint8Array> {
  const { runIds } = options;
  return sseStream({
    signal: options.signal,
    keepAliveMs: options.keepAliveMs,
    onError: options.onError,
    pump: async (send, stop) => {
      const cursor = [...options.after];
      const statuses: Record<string, RunStatus | null> = {};
      const follow = async (runId: string, column: number) => {
        for await (const step of followRunLog({ ...options, runId, after: cursor[column] ?? -1, signal: stop })) {
          if (step.kind === 'events')
            for (const event of step.events) {
              cursor[column] = event.seq;
              send(sseMessage({ id: formatComparisonCursor(cursor), event: event.type, data: { runId, ...event } }));
            }
          else {
            statuses[runId] = step.status;
            send(sseMessage({ event: 'run-end', data: { runId, status: step.status } }));
          }
        }
      };
      await Promise.all(runIds.map(follow));
      if (runIds.every((runId) => runId in statuses)) send(sseMessage({ event: 'end', data: { statuses } }));
    },
  });
}
