// Telemetry rollups: the chart aggregates of completed buckets, per bucket width, for all calls,
// per provider, per model and per provider + model ("TelemetryRollup"). The charts read a
// bucket from here when it lies inside the window, was complete at the last refresh and has no
// ProviderCall row recorded since; every other bucket is computed from "ProviderCall" directly
// (lib/telemetry/sources.ts). So a stale rollup costs speed, never truth.
//
// Each column is a metric of the catalogue (metrics.ts) over the bucket's attempts, computed by the
// same SQL the charts run on "ProviderCall". Counts and sums add up across buckets; the percentiles
// are exact for their own bucket and scope only (they do not combine), which is all the charts ask
// of them: a chart bucket is always one rollup bucket of the same width.
import { createHash } from 'node:crypto';
import { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import { bucketStart } from './buckets';
import { anyAttemptOf, CAUSE, ERROR_KIND, metricSql, selectMetrics, type MetricName } from './metrics';
import { CHART_METRICS, type ChartMetricName } from './chart-metrics';
import { droppedCallsUntil, rebuildableFrom } from './retention-horizon';
import { bucketSql, timestamp } from './sql';

/**
 * The catalogue metrics the rollups keep, one "TelemetryRollup" column of the same name each: every
 * chart's (chart-metrics.ts), and the count behind the retries-and-fallbacks reasons; plus the
 * counts by kind.
 */
export type RollupMetricName = ChartMetricName | 'causedAttempts';
const ROLLUP_METRICS: readonly RollupMetricName[] = [
  ...new Set<RollupMetricName>([...Object.values(CHART_METRICS).flat(), 'causedAttempts']),
];

/** The metric columns of "TelemetryRollup", in ROLLUP_METRICS order. */
export const ROLLUP_METRIC_COLUMNS = Prisma.raw(ROLLUP_METRICS.map((name) => `"${name}"`).join(', '));

/** The "ProviderCall" columns the rollup metrics read. */
const CALL_COLUMNS = Prisma.sql`"provider", "modelRequested", "status", "errorKind", "httpStatus", "attempt", "streamRequested",
        "streamActual", "streamStarted", "latencyMs", "ttftMs", "inputTokens", "cacheReadTokens", "cacheWriteTokens", "outputTokens", "reasoningTokens", "costUsd", "providerCostUsd", "cause", "causeKind"`;

/**
 * A count metric by error kind, per bucket and scope, as a `{ "<kind>": n }` object: the CTE over
 * `calls` that yields (bucket, provider, model, counts).
 */
function countsByKindSql(metric: KindCountMetric, key: Prisma.Sql = ERROR_KIND): Prisma.Sql {
  return Prisma.sql`
      SELECT bucket, coalesce("provider", '') AS provider, coalesce("modelRequested", '') AS model, jsonb_object_agg(kind, n) AS counts
      FROM (
        SELECT bucket, "provider", "modelRequested", kind, ${metricSql(metric)} AS n
        FROM (SELECT bucket, "provider", "modelRequested", "status", "errorKind", "streamRequested", "streamActual", "streamStarted", "cause", ${key} AS kind
              FROM calls WHERE ${anyAttemptOf([metric])}) AS counted_calls
        GROUP BY GROUPING SETS ((bucket, kind), (bucket, "provider", kind), (bucket, "modelRequested", kind), (bucket, "provider", "modelRequested", kind))
      ) AS counted
      GROUP BY 1, 2, 3`;
}

/** The metrics the rollups also keep by error kind ("errorsByKind", "notStartedByKind"). */
export const KIND_COUNT_METRICS = ['failedCalls', 'streamNotStarted', 'causedAttempts'] as const satisfies readonly MetricName[];
type KindCountMetric = (typeof KIND_COUNT_METRICS)[number];

const ERRORS_BY_KIND = countsByKindSql('failedCalls');
const NOT_STARTED_BY_KIND = countsByKindSql('streamNotStarted');
const CAUSES = countsByKindSql('causedAttempts', CAUSE);

/** The aggregates of a group of `calls` (a bucket, per scope), named after their columns. */
const TOTALS = selectMetrics(ROLLUP_METRICS);

/** Bucket widths kept in rollups: those of windows longer than ~8 h (shorter ones scan few rows). */
export const ROLLUP_WIDTHS_SECONDS = [900, 1800, 3600, 7200, 21_600, 43_200, 86_400, 604_800] as const;

/**
 * Which definitions (and widths) the stored rollups were built with. The refresh state is kept
 * under an id that includes it, so that after a metric's definition changes the first refresh finds
 * no state and rebuilds every bucket, and until then the charts read "ProviderCall" only.
 */
const DEFINITIONS_FINGERPRINT = createHash('sha256')
  .update(
    JSON.stringify([
      ROLLUP_WIDTHS_SECONDS,
      ...[CALL_COLUMNS, ERRORS_BY_KIND, NOT_STARTED_BY_KIND, CAUSES, TOTALS].map((sql) => [sql.sql, sql.values]),
    ]),
  )
  .digest('hex')
  .slice(0, 16);

const STATE_ID_PREFIX = 'provider-call';
export const ROLLUP_STATE_ID = `${STATE_ID_PREFIX}:${DEFINITIONS_FINGERPRINT}`;

/**
 * Rows recorded less than this long ago may belong to transactions that are not visible yet;
 * a refresh reads up to `now - SETTLE_MS` and the queries treat anything newer as unrolled.
 */
export const ROLLUP_SETTLE_MS = 30_000;

/** Only one refresher at a time across every worker process (pg_try_advisory_xact_lock). */
export const ROLLUP_LOCK_KEY = 0x5b_70_11_0b;

export function isRollupWidth(seconds: number): boolean {
  return (ROLLUP_WIDTHS_SECONDS as readonly number[]).includes(seconds);
}

export type RollupRefresh =
  | { skipped: true; reason: 'another refresher holds the lock' }
  | { skipped: false; full: boolean; watermark: Date; buckets: number; ms: number };

/** Past this many changed buckets a width is rebuilt from the earliest one on (one range scan). */
const MAX_LISTED_BUCKETS = 200;

type BucketSelection = { all: true } | { from: Date } | { buckets: Date[] };

/**
 * The selection without the buckets before `floor` (those that may have held calls retention
 * dropped: their rollup rows are kept as they are); null when nothing is left to rebuild.
 */
function rebuildableOnly(selection: BucketSelection, floor: Date | null): BucketSelection | null {
  if (!floor) return selection;
  if ('buckets' in selection) {
    const buckets = selection.buckets.filter((bucket) => bucket >= floor);
    return buckets.length ? { buckets } : null;
  }
  if ('from' in selection) return { from: selection.from > floor ? selection.from : floor };
  return { from: floor };
}

/**
 * Recomputes the rollup rows of width `widthSeconds` for the complete buckets (those starting
 * before `completeBefore`) that `selection` names.
 */
async function rebuildWidth(
  tx: Prisma.TransactionClient,
  widthSeconds: number,
  completeBefore: Date,
  selection: BucketSelection,
): Promise<number> {
  const bucketExpr = bucketSql(widthSeconds);
  const before = Prisma.sql`"startedAt" < ${timestamp(completeBefore)}`;
  let rowFilter: Prisma.Sql;
  if ('buckets' in selection) {
    const list = Prisma.sql`ARRAY[${Prisma.join(selection.buckets.map(timestamp))}]`;
    const earliest = selection.buckets.reduce((min, bucket) => (bucket < min ? bucket : min));
    await tx.$executeRaw`DELETE FROM "TelemetryRollup" WHERE "widthSeconds" = ${widthSeconds} AND "bucket" = ANY(${list})`;
    rowFilter = Prisma.sql`"startedAt" >= ${timestamp(earliest)} AND ${before} AND ${bucketExpr} = ANY(${list})`;
  } else if ('from' in selection) {
    await tx.$executeRaw`DELETE FROM "TelemetryRollup" WHERE "widthSeconds" = ${widthSeconds} AND "bucket" >= ${timestamp(selection.from)}`;
    rowFilter = Prisma.sql`"startedAt" >= ${timestamp(selection.from)} AND ${before}`;
  } else {
    await tx.$executeRaw`DELETE FROM "TelemetryRollup" WHERE "widthSeconds" = ${widthSeconds}`;
    rowFilter = before;
  }
  return tx.$executeRaw`
    INSERT INTO "TelemetryRollup" ("widthSeconds", "bucket", "provider", "model", ${ROLLUP_METRIC_COLUMNS}, "errorsByKind", "notStartedByKind", "causes")
    WITH calls AS (
      SELECT ${bucketExpr} AS bucket, ${CALL_COLUMNS}
      FROM "ProviderCall" WHERE ${rowFilter}
    ),
    errors AS (${ERRORS_BY_KIND}),
    not_started AS (${NOT_STARTED_BY_KIND}),
    causes AS (${CAUSES}),
    totals AS (
      SELECT bucket, coalesce("provider", '') AS provider, coalesce("modelRequested", '') AS model, ${TOTALS}
      FROM calls
      GROUP BY GROUPING SETS ((bucket), (bucket, "provider"), (bucket, "modelRequested"), (bucket, "provider", "modelRequested"))
    )
    SELECT ${widthSeconds}::int, totals.bucket, totals.provider, totals.model, ${ROLLUP_METRIC_COLUMNS},
      coalesce(errors.counts, '{}'::jsonb), coalesce(not_started.counts, '{}'::jsonb), coalesce(causes.counts, '{}'::jsonb)
    FROM totals LEFT JOIN errors USING (bucket, provider, model) LEFT JOIN not_started USING (bucket, provider, model)
      LEFT JOIN causes USING (bucket, provider, model)`;
}

/** Buckets of width `widthSeconds` that hold rows recorded in (after, upTo]. */
async function changedBuckets(tx: Prisma.TransactionClient, widthSeconds: number, after: Date, upTo: Date): Promise<Date[]> {
  const rows = await tx.$queryRaw<Array<{ bucket: Date }>>`
    SELECT DISTINCT ${bucketSql(widthSeconds)} AS bucket
    FROM "ProviderCall"
    WHERE "recordedAt" > ${timestamp(after)} AND "recordedAt" <= ${timestamp(upTo)}`;
  return rows.map((row) => row.bucket);
}

/** Starts of the buckets that ended in (after, upTo]: complete now, possibly incomplete at the last refresh. */
function bucketsCompletedBetween(widthSeconds: number, after: Date, upTo: Date): Date[] {
  const width = widthSeconds * 1000;
  const starts: Date[] = [];
  for (let end = bucketStart(after, widthSeconds).getTime() + width; end <= upTo.getTime(); end += width) {
    if (end > after.getTime()) starts.push(new Date(end - width));
  }
  return starts;
}

/** Where the rollups stand: every complete bucket holds the rows recorded up to `watermark`. */
export async function rollupWatermark(db: Database | Prisma.TransactionClient): Promise<Date | null> {
  const rows = await db.$queryRaw<
    Array<{ watermark: Date }>
  >`SELECT "watermark" FROM "TelemetryRollupState" WHERE "id" = ${ROLLUP_STATE_ID}`;
  return rows[0]?.watermark ?? null;
}

/**
 * Brings the rollups up to `now - ROLLUP_SETTLE_MS`: the first time (or with `full`) every
 * complete bucket is built; afterwards only buckets with rows recorded since the last refresh,
 * and buckets that completed since, are rebuilt. Buckets that may have held calls retention
 * dropped are never rebuilt (retention-horizon.ts): their rows are all that is left of those calls.
 * One refresher at a time; a concurrent call returns `skipped`.
 */
export async function refreshTelemetryRollups(
  db: Database,
  options: { full?: boolean; now?: Date; settleMs?: number } = {},
): Promise<RollupRefresh> {
  const started = performance.now();
  const upTo = new Date((options.now ?? new Date()).getTime() - (options.settleMs ?? ROLLUP_SETTLE_MS));
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK_KEY}) AS locked`;
      if (!lock?.locked) return { skipped: true, reason: 'another refresher holds the lock' } as const;
      const previous = options.full ? null : await rollupWatermark(tx);
      const callsUntil = await droppedCallsUntil(tx);
      // State of rollups built with other definitions (rollups.ts before a metric changed): gone
      // with this rebuild, so a process still running those definitions reads "ProviderCall".
      await tx.$executeRaw`DELETE FROM "TelemetryRollupState" WHERE "id" LIKE ${`${STATE_ID_PREFIX}%`} AND "id" <> ${ROLLUP_STATE_ID}`;
      let buckets = 0;
      for (const width of ROLLUP_WIDTHS_SECONDS) {
        const completeBefore = bucketStart(upTo, width);
        const floor = rebuildableFrom(callsUntil, width);
        if (!previous) {
          await rebuildWidth(tx, width, completeBefore, rebuildableOnly({ all: true }, floor)!);
          continue;
        }
        if (upTo <= previous) continue;
        const starts = new Map<number, Date>();
        for (const bucket of [...(await changedBuckets(tx, width, previous, upTo)), ...bucketsCompletedBetween(width, previous, upTo)]) {
          if (bucket < completeBefore) starts.set(bucket.getTime(), bucket);
        }
        const changed = [...starts.values()];
        const selection = changed.length
          ? rebuildableOnly(
              changed.length > MAX_LISTED_BUCKETS
                ? { from: changed.reduce((min, bucket) => (bucket < min ? bucket : min)) }
                : { buckets: changed },
              floor,
            )
          : null;
        if (!selection) continue;
        buckets += 'buckets' in selection ? selection.buckets.length : starts.size;
        await rebuildWidth(tx, width, completeBefore, selection);
      }
      const watermark = previous && previous > upTo ? previous : upTo;
      await tx.$executeRaw`
        INSERT INTO "TelemetryRollupState" ("id", "watermark", "updatedAt") VALUES (${ROLLUP_STATE_ID}, ${watermark.toISOString()}::timestamptz, now())
        ON CONFLICT ("id") DO UPDATE SET "watermark" = excluded."watermark", "updatedAt" = now()`;
      return { skipped: false, full: !previous, watermark, buckets, ms: Math.round(performance.now() - started) } as const;
    },
    { maxWait: 10_000, timeout: 15 * 60_000 },
  );
}
