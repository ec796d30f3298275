'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';
import { followRunEvents, type LiveStreamState } from '@/lib/runs/run-event-follower';
import type { RunEventRecord } from '@/lib/run-events/schema';

export type StreamState = LiveStreamState;

type Handlers = {
  onEvent: (event: RunEventRecord) => void;
  onRunStatus: (status: string) => void;
  onEnd: (status: string | null) => void;
};

/**
 * Follows /api/runs/[id]/events, starting after `afterRef.current` (what the page already has), and
 * reconnects by itself with backoff whenever the stream fails (lib/runs/run-event-follower.ts).
 * A new `generation` opens a new stream (after Resume).
 */
export function useRunEventSource(runId: string, afterRef: RefObject<number>, generation: number, handlers: Handlers): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(
    () =>
      followRunEvents({
        url: (after) => `/api/runs/${runId}/events?after=${after}`,
        after: afterRef.current,
        open: (url) => new EventSource(url),
        onEvent: (event) => latest.current.onEvent(event),
        onRunStatus: (status) => latest.current.onRunStatus(status),
        onEnd: (status) => latest.current.onEnd(status),
        onState: setState,
      }),
    [runId, afterRef, generation],
  );

  return state;
}
