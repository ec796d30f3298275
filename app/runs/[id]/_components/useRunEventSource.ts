'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';
import type { RunEventRecord } from '@/lib/run-events/schema';
import { followRunEvents, type LiveStreamState } from '@/lib/runs/run-event-follower';

export type StreamState = LiveStreamState;

/**
 * Follows /api/runs/[id]/events, starting after `afterRef.current` (what the page already has), and
 * reconnects by itself with backoff whenever the stream fails (lib/runs/run-event-follower.ts).
 * A new `generation` opens a new stream (after Resume). With `follow` false no stream is opened:
 * the page already has the whole log (`ended`).
 */
export function useRunEventSource(
  runId: string,
  afterRef: RefObject<number>,
  generation: number,
  follow: boolean,
  onEvent: (event: RunEventRecord) => void,
): StreamState {
  const [state, setState] = useState<StreamState>(follow ? 'connecting' : 'ended');
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });

  useEffect(() => {
    if (!follow) return;
    return followRunEvents({
      url: (after) => `/api/runs/${runId}/events?after=${after}`,
      after: afterRef.current,
      open: (url) => new EventSource(url),
      onEvent: (event) => latest.current(event),
      onState: setState,
    });
  }, [runId, afterRef, generation, follow]);

  return state;
}
