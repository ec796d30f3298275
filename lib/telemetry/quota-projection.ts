// The forecast drawn: per series with a forecast (quota-forecast.ts), its remaining % projected per
// bucket from its latest sample — that sample's value in its own bucket, then the fitted rate of
// decrease at each later bucket's end, down to the first bucket at 0 % — and the buckets after the
// window the projection needs (at most MAX_PROJECTED_BUCKETS, and a quarter of the window's).
// Pure; quota-series.ts applies it to the chart's points.

export const MAX_PROJECTED_BUCKETS = 20;

export type ProjectedSeries = { latestAt: number; latestPct: number; pctPerMinute: number; exhaustsAt: number };

/** The remaining % the forecast gives for the bucket starting at `start`, or null where it draws nothing. */
export function projectedPct(series: ProjectedSeries, start: number, bucketMs: number): number | null {
  const end = start + bucketMs;
  if (end <= series.latestAt) return null;
  if (start <= series.latestAt) return series.latestPct;
  // Drawn until the bucket where it reaches 0 %, not after.
  if (start > series.exhaustsAt) return null;
  return Math.max(0, series.latestPct - (series.pctPerMinute / 60_000) * (end - series.latestAt));
}

/** Starts of the buckets after the window's last one that the forecasts reach into. */
export function projectedBucketStarts(
  lastStart: number,
  bucketMs: number,
  windowBuckets: number,
  forecasts: readonly ProjectedSeries[],
): number[] {
  const until = Math.max(...forecasts.map((series) => series.exhaustsAt), -Infinity);
  const most = Math.min(MAX_PROJECTED_BUCKETS, Math.ceil(windowBuckets / 4));
  const starts: number[] = [];
  for (let start = lastStart + bucketMs; start <= until && starts.length < most; start += bucketMs) starts.push(start);
  return starts;
}
