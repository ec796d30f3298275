// What a "TelemetryRollup" row holds and the SQL that recomputes a width's rows from "ProviderCall"
// (rollups.ts decides which buckets, when). Each column is a metric of the catalogue (metrics.ts) over the bucket's attempts, computed by the
// same SQL the charts run on "ProviderCall". Counts and sums add up across buckets; the percentiles
// are exact for their own bucket and scope only (they do not combine), which is all the charts ask
// of them: a chart bucket is always one rollup bucket of the same width.
import { createHash } from 'node:crypto';
import { Prisma } from '@/lib/store/generated/prisma/client';
import { anyAttemptOf, CAUSE, ERROR_KIND, metricSql, selectMetrics, type MetricName } from './metrics';
import { CHART_METRICS, type ChartMetricName } from './chart-metrics';
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
export const DEFINITIONS_FINGERPRINT = createHash('sha256')
  .update(
    JSON.stringify([
      ROLLUP_WIDTHS_SECONDS,
      ...[CALL_COLUMNS, ERRORS_BY_KIND, NOT_STARTED_BY_KIND, CAUSES, TOTALS].map((sql) => [sql.sql, sql.values]),
    ]),
  )
  .digest('hex')
  .slice(0, 16);

export function isRollupWidth(seconds: number): boolean {
  return (ROLLUP_WIDTHS_SECONDS as readonly number[]).includes(seconds);
}

/**
 * Buckets to recompute: those listed, or every bucket from `from` (up to `to`, excluded, when it is
 * given). Every bucket starts on its width's grid.
 */
export type BucketSelection = { buckets: Date[] } | { from: Date; to?: Date };

/**
 * Recomputes the rollup rows of width `widthSeconds` for the complete buckets (those starting
 * before `completeBefore`) that `selection` names.
 */
export async function rebuildWidth(
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
  } else {
    const upTo = selection.to && selection.to < completeBefore ? selection.to : completeBefore;
    const untilTo = selection.to ? Prisma.sql`AND "bucket" < ${timestamp(selection.to)}` : Prisma.empty;
    await tx.$executeRaw`DELETE FROM "TelemetryRollup" WHERE "widthSeconds" = ${widthSeconds} AND "bucket" >= ${timestamp(selection.from)} ${untilTo}`;
    rowFilter = Prisma.sql`"startedAt" >= ${timestamp(selection.from)} AND "startedAt" < ${timestamp(upTo)}`;
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
