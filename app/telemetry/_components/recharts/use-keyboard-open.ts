'use client';
// recharts' accessibility layer makes a chart one tab stop whose arrow keys move the tooltip
// between points; it has no key to follow a point. This adds one: Enter on the chart opens where
// the point under the tooltip leads.
import { useEffect, useRef, type KeyboardEvent, type MutableRefObject } from 'react';
import { useActiveTooltipLabel } from 'recharts';

/** Inside a chart: keeps the tooltip's active label (the category under it) in `into`. */
export function ActiveLabel({ into }: { into: MutableRefObject<string | number | undefined> }) {
  const label = useActiveTooltipLabel();
  useEffect(() => {
    into.current = label;
  }, [into, label]);
  return null;
}

/**
 * For the element around a chart: `labelRef` goes to an <ActiveLabel> inside the chart, `onKeyDown`
 * calls `open` with the active label when Enter is pressed on the chart itself (not on a legend
 * button or a brush handle inside it).
 */
export function useKeyboardOpen(open: (label: string | number) => void) {
  const labelRef = useRef<string | number | undefined>(undefined);
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Enter' || !(event.target instanceof Element) || !event.target.classList.contains('recharts-surface')) return;
    const label = labelRef.current;
    if (label !== undefined) open(label);
  };
  return { labelRef, onKeyDown };
}
