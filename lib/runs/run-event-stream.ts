import 'server-only';
import type { Database } from '@/lib/store/database';
import { followRunLog, type FollowRunLogOptions } from './follow-run-log';
import type { RunEventHub } from './run-event-hub';
import { sseMessage } from './sse';
import { sseStream } from './sse-stream';

export type RunEventStreamOptions = FollowRunLogOptions & {
  db: Database;
  hub: Pick<RunEventHub, 'subscribe'>;
  keepAliveMs?: number;
};

/**
 * The live stream of one run as server-sent events, over the run's log as `followRunLog` follows it:
 * - every RunEvent with seq > `after`, in seq order, as `id: <seq>` / `event: <type>` / `data: {seq, type, payload, createdAt}`
 *   (the run's status and totals too: `run-updated`, `turn-summary`);
 * - `: keep-alive` comments;
 * - `event: end` with `{ status }` once the run is terminal and its last events are sent; then it closes.
 * A read that never answers ends the stream without `end`, so the browser reconnects.
 */
export function runEventStream(options: RunEventStreamOptions): ReadableStream<Uint8Array> {
  return sseStream({
    signal: options.signal,
    keepAliveMs: options.keepAliveMs,
    onError: options.onError,
    pump: async (send, stop) => {
      for await (const step of followRunLog({ ...options, signal: stop })) {
        if (step.kind === 'events') for (const event of step.events) send(sseMessage({ id: event.seq, event: event.type, data: event }));
        else
          send(
            sseMessage({
              event: 'end',
              data: step.status ? { status: step.status } : { status: null, reason: 'the run no longer exists' },
            }),
          );
      }
    },
  });
}
