// Time buckets for the telemetry charts: which width fits a window, and the full list of
// buckets of a window (Postgres' date_bin only returns buckets that have rows).

/** Bucket widths the charts use, smallest first (seconds). */
export const BUCKET_LADDER_SECONDS = [60, 300, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400, 604_800] as const;

/** At most this many buckets per chart: enough detail, still readable bars. */
export const MAX_BUCKETS = 100;

/** Where buckets are aligned (a Monday at 00:00 UTC, so that week buckets start on Mondays). */
export const BUCKET_ORIGIN = new Date('2000-01-03T00:00:00.000Z');

/** The smallest ladder width that keeps the window within MAX_BUCKETS buckets. */
export function chooseBucketSeconds(spanSeconds: number): number {
  for (const width of BUCKET_LADDER_SECONDS) {
    if (spanSeconds / width <= MAX_BUCKETS) return width;
  }
  return BUCKET_LADDER_SECONDS[BUCKET_LADDER_SECONDS.length - 1]!;
}

/** The start of the bucket holding `time` (what `date_bin(width, time, BUCKET_ORIGIN)` returns). */
export function bucketStart(time: Date, bucketSeconds: number): Date {
  const width = bucketSeconds * 1000;
  const origin = BUCKET_ORIGIN.getTime();
  return new Date(origin + Math.floor((time.getTime() - origin) / width) * width);
}

/** Starts of every bucket that overlaps [from, to). */
export function bucketStarts(from: Date, to: Date, bucketSeconds: number): Date[] {
  const width = bucketSeconds * 1000;
  const starts: Date[] = [];
  for (let start = bucketStart(from, bucketSeconds).getTime(); start < to.getTime(); start += width) {
    starts.push(new Date(start));
  }
  return starts;
}

/**
 * One point per bucket of [from, to): the row Postgres returned for it, or `empty` where it
 * returned none. Buckets become ISO strings (JSON-ready).
 */
export function fillBuckets<T extends object>(
  rows: ReadonlyArray<{ bucket: Date } & T>,
  window: { from: Date; to: Date; bucketSeconds: number },
  empty: T,
): Array<{ bucket: string } & T> {
  const byStart = new Map<number, { bucket: Date } & T>();
  for (const row of rows) byStart.set(row.bucket.getTime(), row);
  return bucketStarts(window.from, window.to, window.bucketSeconds).map((start) => {
    const row = byStart.get(start.getTime());
    const { bucket: _bucket, ...values } = row ?? { bucket: start, ...empty };
    return { ...(values as T), bucket: start.toISOString() };
  });
}

/** The part of a bucket that lies inside the window (the first and last bucket may stick out). */
export function bucketRange(bucketIso: string, bucketSeconds: number, window: { from: string | Date; to: string | Date }) {
  const start = new Date(bucketIso).getTime();
  const end = start + bucketSeconds * 1000;
  const from = Math.max(start, new Date(window.from).getTime());
  const to = Math.min(end, new Date(window.to).getTime());
  return { from: new Date(from), to: new Date(to) };
}
