import { reconnectDelayMs, type BackoffOptions } from './reconnect-backoff';

/**
 * The browser side of a live event stream that ends with `event: end`: one run's
 * (`run-event-follower.ts`) or a comparison's, its member runs multiplexed
 * (`comparison-event-follower.ts`). Client-safe; no browser needed to test it.
 */

export type LiveStreamState = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** What the follower uses of an EventSource (the browser's, or a fake). */
export type EventSourceLike = {
  addEventListener(type: string, listener: (event: unknown) => void): void;
  close(): void;
};

export type StreamConnectionOptions = {
  open: (url: string) => EventSourceLike;
  onState: (state: LiveStreamState) => void;
  backoff?: BackoffOptions;
  /** A stream not open by then (a request the server never answers) is given up and tried again. */
  openTimeoutMs?: number;
  /** A stream open this long without failing counts as working, even with nothing to say (a queued run). */
  steadyMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
};

export type FollowEventStreamOptions = StreamConnectionOptions & {
  /** The stream's address now: it continues after what the caller has received (asked at each (re)connect). */
  url: () => string;
  /** The event names carrying data; each message's `data` goes to `onMessage`. */
  eventTypes: readonly string[];
  onMessage: (type: string, data: string) => void;
};

/**
 * Follows a stream until it says `end` (or `stop()` is called). Whenever the stream fails —
 * refused (500, 503, not an event stream: the browser's EventSource then gives up for good), cut,
 * or ended without `end` — it opens a new one at `url()` after a capped, jittered backoff.
 */
export function followEventStream(options: FollowEventStreamOptions): () => void {
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let attempt = 0;
  let source: EventSourceLike | null = null;
  let timer: unknown = null;
  let openTimer: unknown = null;
  let steadyTimer: unknown = null;
  let finished = false;

  const clearTimers = () => {
    for (const pending of [timer, openTimer, steadyTimer]) if (pending !== null) clearTimer(pending);
    timer = openTimer = steadyTimer = null;
  };

  const lost = () => {
    clearTimers();
    source?.close();
    source = null;
    if (finished) return;
    options.onState('reconnecting');
    timer = setTimer(connect, reconnectDelayMs(attempt++, options.backoff));
  };

  function connect() {
    timer = null;
    if (finished) return;
    const current = options.open(options.url());
    source = current;
    openTimer = setTimer(() => {
      openTimer = null;
      if (source === current) lost();
    }, options.openTimeoutMs ?? 20_000);
    // A stream counts as working once the server sent an event, or stayed open `steadyMs`: one
    // that opens and fails at once keeps backing off.
    const on = (type: string, handler: (data: unknown) => void) =>
      current.addEventListener(type, (event) => {
        if (source !== current || finished) return;
        const data = (event as { data?: unknown } | null)?.data;
        // `error` is both a RunEvent type and the connection-error event: only messages carry data.
        if (type === 'error' && typeof data !== 'string') return lost();
        if (type !== 'open') attempt = 0;
        handler(data);
      });

    on('open', () => {
      if (openTimer !== null) clearTimer(openTimer);
      openTimer = null;
      steadyTimer = setTimer(() => {
        steadyTimer = null;
        if (source === current) attempt = 0;
      }, options.steadyMs ?? 10_000);
      options.onState('live');
    });
    for (const type of options.eventTypes) on(type, (data) => options.onMessage(type, String(data)));
    // What the stream follows is over and its log complete: the stream closes.
    on('end', () => {
      finished = true;
      clearTimers();
      current.close();
      source = null;
      options.onState('ended');
    });
  }

  options.onState('connecting');
  connect();
  return () => {
    finished = true;
    clearTimers();
    source?.close();
    source = null;
  };
}
