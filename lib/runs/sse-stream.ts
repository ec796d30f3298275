import { sseComment } from './sse';

export type SseStreamOptions = {
  /** The client went away (the request's signal): the stream closes. */
  signal?: AbortSignal;
  keepAliveMs?: number;
  /**
   * Writes the stream's messages through `send` (whole SSE messages, `sse.ts`) until it is done;
   * `stop` aborts once the stream closed (client gone, reader cancelled). When it returns or throws,
   * the stream closes (after a throw without `end`: the client reconnects).
   */
  pump: (send: (text: string) => void, stop: AbortSignal) => Promise<void>;
  onError?: (error: unknown) => void;
};

/**
 * A server-sent events response body: `retry: 2000` once, `: keep-alive` comments every
 * `keepAliveMs` (15 s), what `pump` sends, closed when the pump ends or the client leaves.
 */
export function sseStream(options: SseStreamOptions): ReadableStream<Uint8Array> {
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
      await options.pump(send, stop.signal);
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
