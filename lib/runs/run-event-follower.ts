import { RUN_EVENT_TYPES, type RunEventRecord } from '@/lib/run-events/schema';
import { followEventStream, type StreamConnectionOptions } from './event-stream-follower';

/** The browser side of one run's SSE contract (README "Live run"). Client-safe; no browser needed to test it. */

export type { EventSourceLike, LiveStreamState } from './event-stream-follower';

export type FollowRunEventsOptions = StreamConnectionOptions & {
  /** The stream's address for the events with seq > `after`. */
  url: (after: number) => string;
  /** The last seq the page already has (−1: none). */
  after: number;
  onEvent: (event: RunEventRecord) => void;
};

/** A RunEvent as the stream sends it (`{ seq, type, payload, createdAt }`), or null. */
export function runEventOf(data: string): RunEventRecord | null {
  try {
    const event = JSON.parse(data) as RunEventRecord | null;
    return event && Number.isInteger(event.seq) && typeof event.type === 'string' ? event : null;
  } catch {
    return null;
  }
}

/**
 * Follows a run's events until the stream says `end` (or `stop()` is called). The run's status and
 * totals arrive as events (`run-updated`, `turn-summary`), in order with the rest. Whenever the stream
 * fails — refused (500, 503, not an event stream: the browser's EventSource then gives up for good),
 * cut, or ended without `end` — it opens a new one after a capped, jittered backoff, continuing
 * after the last seq received. Each seq is delivered once, in order.
 */
export function followRunEvents(options: FollowRunEventsOptions): () => void {
  let last = options.after;
  return followEventStream({
    ...options,
    url: () => options.url(last),
    eventTypes: RUN_EVENT_TYPES,
    onMessage: (_type, data) => {
      const event = runEventOf(data);
      if (!event || event.seq <= last) return;
      last = event.seq;
      options.onEvent(event);
    },
  });
}
