'use client';

import { useLayoutEffect, useRef, useState } from 'react';
import { runListFilterValues, type RunListFilterValues } from '@/lib/runs/run-list-query';

type Traversal = { values: RunListFilterValues; over: string };

/**
 * The filters to show: the page's, except right after Back or Forward, when the address already
 * holds other ones and the page for it has not arrived yet (the router waits for the server's
 * answer before it renders it): then the address's, so the controls never show the old filters.
 */
export function useAddressFilters(rendered: RunListFilterValues): RunListFilterValues {
  const renderedKey = JSON.stringify(rendered);
  const [traversed, setTraversed] = useState<Traversal | null>(null);
  // A step holds only while the page it was taken over is shown: once another one is, it is over,
  // even if a page with those filters comes back (a Forward from the router's copy, the same
  // filters applied again), which shows its own.
  if (traversed && traversed.over !== renderedKey) setTraversed(null);

  // The filters of the page on screen, set as it is committed (layout effects run in the commit,
  // so no Back or Forward comes between a page and them), for a listener made once: the router may
  // render a Back or Forward's page within the popstate event, and a listener made again for that
  // page would be taken off before the event reached it.
  const onScreen = useRef(renderedKey);
  useLayoutEffect(() => {
    onScreen.current = renderedKey;
  }, [renderedKey]);
  useLayoutEffect(() => {
    const onPopState = () => {
      if (window.location.pathname !== '/runs') return;
      setTraversed({ values: runListFilterValues(new URLSearchParams(window.location.search)), over: onScreen.current });
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  return traversed?.over === renderedKey ? traversed.values : rendered;
}
