'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';
import { RUN_EVENT_TYPES } from '@/lib/runs/run-status';
import type { RunEventRecord } from '@/lib/runs/transcript-reducer';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'failed';

type Handlers = {
  onEvent: (event: RunEventRecord) => void;
  onRunStatus: (status: string) => void;
  onEnd: (status: string | null) => void;
};

/**
 * Follows /api/runs/[id]/events with EventSource, starting after `afterRef.current` (what the page
 * already has). EventSource reconnects by itself and resends Last-Event-ID, so the server continues
 * exactly after the last event received. A new `generation` opens a new stream (after Resume).
 */
export function useRunEventSource(runId: string, afterRef: RefObject<number>, generation: number, handlers: Handlers): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    const source = new EventSource(`/api/runs/${runId}/events?after=${afterRef.current}`);
    setState('connecting');
    const onRunEvent = (message: Event) => {
      // `error` is both a RunEvent type and EventSource's connection-error event: only messages carry data.
      if (!(message instanceof MessageEvent) || typeof message.data !== 'string') return;
      try {
        latest.current.onEvent(JSON.parse(message.data) as RunEventRecord);
      } catch {
        // a malformed message is skipped; the next one still carries its own seq
      }
    };
    for (const type of RUN_EVENT_TYPES) source.addEventListener(type, onRunEvent);
    source.addEventListener('run', (message) => {
      const status = (JSON.parse((message as MessageEvent<string>).data) as { status?: unknown }).status;
      if (typeof status === 'string') latest.current.onRunStatus(status);
    });
    source.addEventListener('end', (message) => {
      source.close();
      setState('ended');
      const status = (JSON.parse((message as MessageEvent<string>).data) as { status?: unknown }).status;
      latest.current.onEnd(typeof status === 'string' ? status : null);
    });
    source.onopen = () => setState('live');
    source.onerror = (event) => {
      if (event instanceof MessageEvent) return;
      setState(source.readyState === EventSource.CLOSED ? 'failed' : 'reconnecting');
    };
    return () => source.close();
  }, [runId, afterRef, generation]);

  return state;
}
