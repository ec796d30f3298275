// Geometry of the telemetry charts (app/telemetry/_components/TimeSeriesChart.tsx): value axes
// with round ticks, bar slots, line paths with gaps. Pure, so it is tested without a browser.

/** Round tick values from 0 up to at least `max` (about `count` steps of 1, 2, 2.5 or 5 × 10^n). */
export function niceTicks(max: number, count = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough)!;
  const ticks: number[] = [];
  for (let value = 0; value < max + step / 2 && ticks.length <= count + 1; value += step) ticks.push(Number(value.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

/** A linear scale from [0, domainMax] onto [bottom, top] (SVG y grows downwards). */
export function linearScale(domainMax: number, bottom: number, top: number): (value: number) => number {
  const max = domainMax > 0 ? domainMax : 1;
  return (value) => bottom - (Math.max(0, Math.min(value, max)) / max) * (bottom - top);
}

/**
 * An SVG path through the points, broken where a value is missing, so an empty bucket shows as a
 * gap rather than as a line drawn across it.
 */
export function linePath(values: ReadonlyArray<number | null>, x: (index: number) => number, y: (value: number) => number): string {
  let path = '';
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${round(x(index))} ${round(y(value))}`;
    drawing = true;
  });
  return path;
}

/** Every how many columns an x label fits without overlapping the next one. */
export function labelEvery(columnWidth: number, labelWidth: number): number {
  return Math.max(1, Math.ceil(labelWidth / Math.max(columnWidth, 0.001)));
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
