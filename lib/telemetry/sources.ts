// Where each bucket of a chart comes from: the rollups (complete buckets inside the window that
// nothing was recorded into since the last refresh) or "ProviderCall" itself (everything else:
// the partial first and last buckets, recent and changed buckets, widths without rollups).
import { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import { bucketStarts } from './buckets';
import type { MetricValues } from './metrics';
import { isRollupWidth, ROLLUP_METRIC_COLUMNS, type RollupMetricName } from './rollup-rebuild';
import { rollupWatermark } from './rollup-state';
import { bucketSql, timestamp } from './sql';
import type { TelemetryQuery } from './window';

/** One bucket of the rollups: the rolled-up metrics, and the failed attempts by kind. */
export type RollupRow = {
  bucket: Date;
  errorsByKind: Record<string, number>;
  notStartedByKind: Record<string, number>;
  causes: Record<string, number>;
} & MetricValues<RollupMetricName>;

export type TimeRange = { from: Date; to: Date };

export type ChartSources = {
  /** Buckets read from the rollups (a bucket without calls has no row). */
  rollupRows: RollupRow[];
  /** The parts of the window to aggregate from "ProviderCall"; empty when the rollups cover it all. */
  rawRanges: TimeRange[];
};

/** Joins adjacent ranges (buckets in order) into as few ranges as possible. */
export function mergeRanges(ranges: TimeRange[]): TimeRange[] {
  const merged: TimeRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && last.to.getTime() >= range.from.getTime()) {
      if (range.to > last.to) last.to = range.to;
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

/**
 * Splits the window's buckets into those the rollups answer and the ranges left to scan.
 * `watermark` is where the rollups stand; `dirty` are bucket starts (ms) with rows recorded after it.
 */
export function splitWindow(
  query: TelemetryQuery,
  watermark: Date | null,
  dirty: ReadonlySet<number>,
): { rollupBuckets: Date[]; rawRanges: TimeRange[] } {
  const width = query.bucketSeconds * 1000;
  const rollupBuckets: Date[] = [];
  const raw: TimeRange[] = [];
  for (const start of bucketStarts(query.from, query.to, query.bucketSeconds)) {
    const end = new Date(start.getTime() + width);
    const complete = watermark !== null && end <= watermark;
    if (isRollupWidth(query.bucketSeconds) && complete && start >= query.from && end <= query.to && !dirty.has(start.getTime())) {
      rollupBuckets.push(start);
    } else {
      raw.push({ from: start < query.from ? query.from : start, to: end > query.to ? query.to : end });
    }
  }
  return { rollupBuckets, rawRanges: mergeRanges(raw) };
}

export async function chartSources(query: TelemetryQuery, db: Database): Promise<ChartSources> {
  const whole = { rollupRows: [], rawRanges: [{ from: query.from, to: query.to }] };
  if (!isRollupWidth(query.bucketSeconds)) return whole;
  const watermark = await rollupWatermark(db);
  if (!watermark) return whole;
  const dirtyRows = await db.$queryRaw<Array<{ bucket: Date }>>`
    SELECT DISTINCT ${bucketSql(query.bucketSeconds)} AS bucket FROM "ProviderCall"
    WHERE "recordedAt" > ${timestamp(watermark)} AND "startedAt" >= ${timestamp(query.from)} AND "startedAt" < ${timestamp(query.to)}`;
  const { rollupBuckets, rawRanges } = splitWindow(query, watermark, new Set(dirtyRows.map((row) => row.bucket.getTime())));
  if (rollupBuckets.length === 0) return whole;
  const wanted = new Set(rollupBuckets.map((bucket) => bucket.getTime()));
  const rows = await db.$queryRaw<RollupRow[]>`
    SELECT "bucket", ${ROLLUP_METRIC_COLUMNS}, "errorsByKind", "notStartedByKind", "causes"
    FROM "TelemetryRollup"
    WHERE "widthSeconds" = ${query.bucketSeconds} AND "provider" = ${query.provider ?? ''} AND "model" = ${query.model ?? ''}
      AND "bucket" >= ${timestamp(rollupBuckets[0]!)} AND "bucket" <= ${timestamp(rollupBuckets[rollupBuckets.length - 1]!)}
    ORDER BY "bucket"`;
  return { rollupRows: rows.filter((row) => wanted.has(row.bucket.getTime())), rawRanges };
}

/** The SQL condition "startedAt in one of these ranges" (false for none). */
export function rangesSql(ranges: TimeRange[]): Prisma.Sql {
  if (ranges.length === 0) return Prisma.sql`false`;
  return Prisma.sql`(${Prisma.join(
    ranges.map((range) => Prisma.sql`("startedAt" >= ${timestamp(range.from)} AND "startedAt" < ${timestamp(range.to)})`),
    ' OR ',
  )})`;
}
