import 'server-only';
import type { Database } from '@/lib/store/database';
import { followRunLog, type FollowRunLogOptions } from './follow-run-log';
import type { RunEventHub } from './run-event-hub';
import { sseComment, sseMessage } from './sse';

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
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const encoder = new TextEncoder();
  const stop = new AbortController();
  let closed = false;
  let keepAlive: ReturnType<typeof setInterval> | null = null;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const send = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };

  function close() {
    if (closed) return;
    closed = true;
    if (keepAlive) clearInterval(keepAlive);
    keepAlive = null;
    options.signal?.removeEventListener('abort', close);
    stop.abort();
    try {
      controller.close();
    } catch {
      // already closed or cancelled by the client
    }
  }

  async function pump(): Promise<void> {
    try {
      for await (const step of followRunLog({ ...options, signal: stop.signal })) {
        if (step.kind === 'events') for (const event of step.events) send(sseMessage({ id: event.seq, event: event.type, data: event }));
        else
          send(
            sseMessage({
              event: 'end',
              data: step.status ? { status: step.status } : { status: null, reason: 'the run no longer exists' },
            }),
          );
      }
    } catch (error) {
      options.onError?.(new Error(`${error instanceof Error ? error.message : String(error)}; ending the stream (the client reconnects)`));
    } finally {
      close();
    }
  }

  return new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      if (options.signal?.aborted) return close();
      options.signal?.addEventListener('abort', close, { once: true });
      send('retry: 2000\n\n');
      keepAlive = setInterval(() => send(sseComment('keep-alive')), keepAliveMs);
      void pump();
    },
    cancel() {
      close();
    },
  });
}
