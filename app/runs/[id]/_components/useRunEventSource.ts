'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';
import type { RunEventRecord } from '@/lib/run-events/schema';
import { followRunEvents, type LiveStreamState } from '@/lib/runs/run-event-follower';

export type StreamState = LiveStreamState;

/**
 * Follows /api/runs/[id]/events, starting after `afterRef.current` (what the page already has), and
 * reconnects by itself with backoff whenever the stream fails (lib/runs/run-event-follower.ts).
 * A new `generation` opens a new stream (after Resume).
 */
export function useRunEventSource(
  runId: string,
  afterRef: RefObject<number>,
  generation: number,
  onEvent: (event: RunEventRecord) => void,
): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });

  useEffect(
    () =>
      followRunEvents({
        url: (after) => `/api/runs/${runId}/events?after=${after}`,
        after: afterRef.current,
        open: (url) => new EventSource(url),
        onEvent: (event) => latest.current(event),
        onState: setState,
      }),
    [runId, afterRef, generation],
  );

  return state;
}
