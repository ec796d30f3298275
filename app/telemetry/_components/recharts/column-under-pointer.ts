'use client';
// Which column of a chart a click landed in, read from where it landed. recharts hands a chart's
// onClick its hover state, which a tap, or a click that follows its pointer move too closely, has
// not updated yet.
import { useEffect, type MutableRefObject } from 'react';
import { useXAxisInverseDataSnapScale } from 'recharts';

type Invert = ((pixel: number) => unknown) | undefined;

/** Inside a chart: keeps its time axis' pixel → category function in `into`. */
export function XAxisInverse({ into }: { into: MutableRefObject<Invert> }) {
  const invert = useXAxisInverseDataSnapScale();
  useEffect(() => {
    into.current = invert;
  }, [into, invert]);
  return null;
}

/** The category (the x value) of the column under a pointer event inside a chart's plot. */
export function columnUnderPointer(event: { target: EventTarget | null; clientX: number }, invert: Invert): unknown {
  const surface = event.target instanceof Element ? event.target.closest('svg.recharts-surface') : null;
  if (!surface || !invert) return undefined;
  return invert(event.clientX - surface.getBoundingClientRect().left);
}
