// Aggregate queries behind the telemetry charts: one per chart, all computed in Postgres over
// "ProviderCall" (one row per attempt), bucketed with date_bin over "startedAt". Complete buckets
// come from the rollups when they are current (sources.ts); rows never come to Node, only one
// row per non-empty bucket does, and fillBuckets adds the empty ones. A chart names the catalogue
// metrics it shows (metrics.ts); a bucket's point is made from them the same way whichever side
// it came from.
import 'server-only';
import { Prisma } from '@/lib/store/generated/prisma/client';
import { database, type Database } from '@/lib/store/database';
import { providerModelPairs } from '@/lib/store/provider-model-pairs';
import { fillBuckets } from './buckets';
import {
  anyAttemptOf,
  emptyMetricValues,
  CAUSE,
  ERROR_KIND,
  EVERY_ATTEMPT,
  metricSql,
  metricValues,
  ratioOf,
  selectMetrics,
  STREAMING_ATTEMPTS,
  SUCCEEDED_ATTEMPTS,
  type MetricValues,
  type Population,
} from './metrics';
import type { KIND_COUNT_METRICS, RollupMetricName } from './rollup-rebuild';
import { CHART_METRICS } from './chart-metrics';
import { chartSources, rangesSql, type ChartSources, type RollupRow } from './sources';
import { quotaHeadroomSeries } from './quota-series';
import { bucketSql, num } from './sql';
import type {
  CachePoint,
  CauseCount,
  ErrorKindCount,
  FilterOptions,
  LatencyPoint,
  RateLimitPoint,
  StreamingPoint,
  TelemetryData,
  TokensPoint,
} from './types';
import type { ResolvedWindow, TelemetryQuery } from './window';

type Bucketed<T> = Array<{ bucket: string } & T>;
type KindCountMetric = (typeof KIND_COUNT_METRICS)[number];
type RawRow = Record<string, unknown> & { bucket: Date };

/** A chart over time: the rolled-up metrics it shows per bucket, the rows it reads, its point. */
type Chart<N extends RollupMetricName, P extends object> = {
  metrics: readonly N[];
  /** The population its metrics are taken over: the query reads only its rows. */
  within: Population;
  /** Within it, a condition that holds for every attempt the metrics take (fewer rows to aggregate). */
  rows?: Prisma.Sql;
  point(values: MetricValues<N>): P;
};

/** Names a chart (its metric names and point types inferred from it). */
const chart = <N extends RollupMetricName, P extends object>(definition: Chart<N, P>) => definition;

const STREAMING_CHART = chart({
  metrics: CHART_METRICS.streaming,
  within: STREAMING_ATTEMPTS,
  point: (values): Omit<StreamingPoint, 'bucket'> => ({
    requested: values.streamRequested,
    counted: values.streamHealthAttempts,
    streamedOk: values.streamedOk,
    streamed: values.streamed,
    fallbacks: values.streamFallbacks,
    midStreamFailures: values.midStreamFailures,
    refused: values.streamRefused,
    notStarted: values.streamNotStarted,
    cancelled: values.streamCancelled,
    ratio: ratioOf('streamingSuccess', values),
  }),
});

const RATE_LIMIT_CHART = chart({
  metrics: CHART_METRICS.rateLimits,
  within: EVERY_ATTEMPT,
  rows: anyAttemptOf(['rateLimitIncidents', 'retries']),
  point: (values): Omit<RateLimitPoint, 'bucket'> => values,
});

const CACHE_CHART = chart({
  metrics: CHART_METRICS.cache,
  within: EVERY_ATTEMPT,
  point: (values): Omit<CachePoint, 'bucket'> => ({ ...values, hitRatio: ratioOf('cacheHit', values) }),
});

const LATENCY_CHART = chart({
  metrics: CHART_METRICS.latency,
  within: SUCCEEDED_ATTEMPTS,
  point: (values): Omit<LatencyPoint, 'bucket'> => values,
});

const TOKENS_CHART = chart({
  metrics: CHART_METRICS.tokens,
  within: EVERY_ATTEMPT,
  point: (values): Omit<TokensPoint, 'bucket'> => values,
});

/** The provider/model filters, the parts of the window not answered by rollups, and the rows a chart reads. */
function rawFilter(query: TelemetryQuery, sources: ChartSources, ...rows: Array<Prisma.Sql | null | undefined>): Prisma.Sql {
  const conditions = [rangesSql(sources.rawRanges)];
  if (query.provider) conditions.push(Prisma.sql`"provider" = ${query.provider}`);
  if (query.model) conditions.push(Prisma.sql`"modelRequested" = ${query.model}`);
  for (const condition of rows) if (condition) conditions.push(Prisma.sql`(${condition})`);
  return Prisma.join(conditions, ' AND ');
}

/** Runs a raw aggregate only when some part of the window is not covered by rollups. */
async function rawRows<T>(sources: ChartSources, run: () => Promise<T[]>): Promise<T[]> {
  return sources.rawRanges.length ? run() : [];
}

function sourcesOf(query: TelemetryQuery, db: Database, sources?: ChartSources): Promise<ChartSources> | ChartSources {
  return sources ?? chartSources(query, db);
}

/** One point per bucket of the window: from "ProviderCall" where the rollups do not answer, else from them. */
async function chartSeries<N extends RollupMetricName, P extends object>(
  chart: Chart<N, P>,
  query: TelemetryQuery,
  db: Database,
  given?: ChartSources,
): Promise<Bucketed<P>> {
  const sources = await sourcesOf(query, db, given);
  const rows = await rawRows(
    sources,
    () => db.$queryRaw<RawRow[]>`
    SELECT ${bucketSql(query.bucketSeconds)} AS bucket, ${selectMetrics(chart.metrics, chart.within)}
    FROM "ProviderCall"
    WHERE ${rawFilter(query, sources, chart.within.where, chart.rows)}
    GROUP BY 1 ORDER BY 1`,
  );
  const points = [...rows, ...sources.rollupRows].map((row) => ({ bucket: row.bucket, ...chart.point(metricValues(row, chart.metrics)) }));
  return fillBuckets<P>(points, query, chart.point(emptyMetricValues(chart.metrics)));
}

/** Reads a chart's series: `(query, db?, sources?)`, one point per bucket of the window. */
function seriesOf<N extends RollupMetricName, P extends object>(chart: Chart<N, P>) {
  return (query: TelemetryQuery, db: Database = database(), given?: ChartSources): Promise<Bucketed<P>> =>
    chartSeries(chart, query, db, given);
}

export const streamingSeries = seriesOf(STREAMING_CHART);
export const rateLimitSeries = seriesOf(RATE_LIMIT_CHART);
export const cacheSeries = seriesOf(CACHE_CHART);
export const latencySeries = seriesOf(LATENCY_CHART);
export const tokenCostSeries = seriesOf(TOKENS_CHART);

/** A count metric by error kind over the whole window, most frequent first: from "ProviderCall" and the rollups' counts by kind. */
async function countsByKind(
  metric: KindCountMetric,
  query: TelemetryQuery,
  db: Database,
  given: ChartSources | undefined,
  rolledUp: (row: RollupRow) => Record<string, number>,
  key: Prisma.Sql = ERROR_KIND,
): Promise<ErrorKindCount[]> {
  const sources = await sourcesOf(query, db, given);
  const rows = await rawRows(
    sources,
    () => db.$queryRaw<Array<{ errorKind: string; count: unknown }>>`
    SELECT ${key} AS "errorKind", ${metricSql(metric)} AS "count"
    FROM "ProviderCall"
    WHERE ${rawFilter(query, sources, anyAttemptOf([metric]))}
    GROUP BY 1`,
  );
  const counts = new Map<string, number>();
  const add = (kind: string, count: number) => counts.set(kind, (counts.get(kind) ?? 0) + count);
  for (const row of rows) add(row.errorKind, num(row.count));
  for (const row of sources.rollupRows) for (const [kind, count] of Object.entries(rolledUp(row))) add(kind, count);
  return [...counts]
    .filter(([, count]) => count > 0)
    .map(([errorKind, count]) => ({ errorKind, count }))
    .sort((a, b) => b.count - a.count || (a.errorKind < b.errorKind ? -1 : a.errorKind > b.errorKind ? 1 : 0));
}

/** Failed attempts by error kind over the whole window (a user cancel is not a failure). */
export function errorsByKind(query: TelemetryQuery, db: Database = database(), given?: ChartSources): Promise<ErrorKindCount[]> {
  return countsByKind('failedCalls', query, db, given, (row) => row.errorsByKind);
}

/** Attempts made because another failed, by cause and the kind it answered (`retry:rate_limit`, `profile-fallback:overloaded`). */
export async function attemptsByCause(query: TelemetryQuery, db: Database = database(), given?: ChartSources): Promise<CauseCount[]> {
  const counts = await countsByKind('causedAttempts', query, db, given, (row) => row.causes, CAUSE);
  return counts.map(({ errorKind: reason, count }) => {
    const [cause, kind] = reason.split(':') as [string, string];
    return { cause, kind, count };
  });
}

/** Streaming attempts that failed before any stream began, by error kind ("not started (kind)"). */
export function notStartedByKind(query: TelemetryQuery, db: Database = database(), given?: ChartSources): Promise<ErrorKindCount[]> {
  return countsByKind('streamNotStarted', query, db, given, (row) => row.notStartedByKind);
}

/**
 * Providers and models that have ever been called (for the filter pickers): a loose index scan
 * over the (provider, modelRequested, startedAt) index, one probe per distinct pair.
 */
export async function filterOptions(db: Database = database()): Promise<FilterOptions> {
  const rows = await providerModelPairs(db, { table: 'ProviderCall', modelColumn: 'modelRequested' }, 1000);
  return {
    providers: [...new Set(rows.map((row) => row.provider))],
    models: rows.map((row) => ({ provider: row.provider, model: row.model })),
  };
}

/** Every chart series of a window, as the page renders it and GET /api/telemetry returns it. */
export async function telemetryData(window: ResolvedWindow, db: Database = database()): Promise<TelemetryData> {
  const [sources, options] = await Promise.all([chartSources(window, db), filterOptions(db)]);
  const [streaming, rateLimits, cache, latency, tokens, errors, notStarted, causes, quota] = await Promise.all([
    streamingSeries(window, db, sources),
    rateLimitSeries(window, db, sources),
    cacheSeries(window, db, sources),
    latencySeries(window, db, sources),
    tokenCostSeries(window, db, sources),
    errorsByKind(window, db, sources),
    notStartedByKind(window, db, sources),
    attemptsByCause(window, db, sources),
    quotaHeadroomSeries(window, db),
  ]);
  return {
    generatedAt: new Date().toISOString(),
    window: {
      kind: window.search.window,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      bucketSeconds: window.bucketSeconds,
    },
    filters: { provider: window.provider ?? null, model: window.model ?? null },
    options,
    totals: { calls: tokens.reduce((sum, point) => sum + point.calls, 0) },
    streaming,
    rateLimits,
    cache,
    latency,
    tokens,
    errorsByKind: errors,
    streamNotStartedByKind: notStarted,
    attemptsByCause: causes,
    quota,
  };
}
