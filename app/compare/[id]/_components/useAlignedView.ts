'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import type { ComparisonView } from '@/lib/runs/comparison-view';
import { throttledTask } from '@/lib/runs/throttled-task';

/** The aligned view is read again at most this often while turn summaries stream in. */
export const ALIGNED_VIEW_REFRESH_MS = 1_000;

/**
 * The comparison's aligned view (GET /api/comparisons/[id]) and `refresh`, throttled: asked for on
 * every turn summary or run update of a member, it reads the view at most once a second. A response
 * older than one already shown is dropped.
 */
export function useAlignedView(initial: ComparisonView): [ComparisonView, () => void] {
  const [view, setView] = useState(initial);
  const asked = useRef(0);
  const shown = useRef(0);
  const id = initial.id;

  const task = useMemo(
    () =>
      throttledTask(() => {
        const request = ++asked.current;
        fetch(`/api/comparisons/${id}`, { cache: 'no-store' })
          .then((response) => (response.ok ? (response.json() as Promise<ComparisonView>) : null))
          .then((next) => {
            if (!next || request < shown.current) return;
            shown.current = request;
            setView(next);
          })
          // A failed read changes nothing: the next event asks again.
          .catch(() => undefined);
      }, ALIGNED_VIEW_REFRESH_MS),
    [id],
  );
  useEffect(() => () => task.cancel(), [task]);

  return [view, task.ask];
}
