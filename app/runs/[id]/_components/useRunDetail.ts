'use client';

import { useCallback, useRef, useState } from 'react';
import type { RunDetail } from '@/lib/runs/run-detail';

async function fetchRunDetail(runId: string): Promise<RunDetail> {
  const response = await fetch(`/api/runs/${runId}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/runs/${runId} answered ${response.status}`);
  return response.json();
}

export type RunDetailState = {
  detail: RunDetail;
  error: string | null;
  /**
   * Reads the run's rows now. Resolves with a function that shows what was read (call it in the
   * same tick as other updates to render them together), or null when a later read was already
   * shown — an answer never replaces a newer one.
   */
  read: () => Promise<(() => void) | null>;
};

/** The run's rows (header totals, per-turn provider calls, error artifacts), read again on demand. */
export function useRunDetail(initial: RunDetail): RunDetailState {
  const [detail, setDetail] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const issued = useRef(0);
  const shown = useRef(0);
  const runId = initial.run.id;

  const read = useCallback(async () => {
    const request = ++issued.current;
    try {
      const fresh = await fetchRunDetail(runId);
      return () => {
        if (request < shown.current) return;
        shown.current = request;
        setDetail(fresh);
        setError(null);
      };
    } catch (failure) {
      return () => setError(failure instanceof Error ? failure.message : String(failure));
    }
  }, [runId]);

  return { detail, error, read };
}
