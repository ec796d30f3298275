'use client';

import { useEffect, useRef, useState } from 'react';
import type { RunEventRecord, RunStatus } from '@/lib/run-events/schema';
import { followComparisonEvents } from '@/lib/runs/comparison-event-follower';
import type { LiveStreamState } from '@/lib/runs/event-stream-follower';

/**
 * Follows /api/comparisons/[id]/events — ONE stream for all member runs (a browser opens at most 6
 * HTTP/1.1 connections per host) — from each member's last seq the page already has, reconnecting
 * by itself with backoff (lib/runs/comparison-event-follower.ts).
 */
export function useComparisonEventSource(
  comparisonId: string,
  members: { runId: string; after: number }[],
  handlers: { onEvent: (runId: string, event: RunEventRecord) => void; onRunEnd: (runId: string, status: RunStatus | null) => void },
): LiveStreamState {
  const [state, setState] = useState<LiveStreamState>('connecting');
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  // Where the stream starts is the first render's: later renders continue the stream they opened.
  const start = useRef(members);

  useEffect(
    () =>
      followComparisonEvents({
        url: (cursor) => `/api/comparisons/${comparisonId}/events?after=${cursor}`,
        members: start.current,
        open: (url) => new EventSource(url),
        onEvent: (runId, event) => latest.current.onEvent(runId, event),
        onRunEnd: (runId, status) => latest.current.onRunEnd(runId, status),
        onState: setState,
      }),
    [comparisonId],
  );

  return state;
}
