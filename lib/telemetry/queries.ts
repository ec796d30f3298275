// Aggregate queries behind the telemetry charts: one per chart, all computed in Postgres over
// "ProviderCall" (one row per attempt), bucketed with date_bin over "startedAt". Complete buckets
// come from the rollups when they are current (sources.ts); rows never come to Node, only one
// row per non-empty bucket does, and fillBuckets adds the empty ones.
import 'server-only';
import { Prisma } from '@/lib/store/generated/prisma/client';
import { database, type Database } from '@/lib/store/database';
import { fillBuckets } from './buckets';
import { chartSources, rangesSql, type ChartSources, type RollupRow } from './sources';
import { bucketSql, midStreamKinds, num, numOrNull } from './sql';
import type {
  CachePoint,
  ErrorKindCount,
  FilterOptions,
  LatencyPoint,
  RateLimitPoint,
  StreamingPoint,
  TelemetryData,
  TokensPoint,
} from './types';
import type { ResolvedWindow, TelemetryQuery } from './window';

export { MID_STREAM_ERROR_KINDS } from './sql';

type Bucketed<T> = Array<{ bucket: string } & T>;
type RawRow = Record<string, unknown> & { bucket: Date };

/** The provider/model filters and the parts of the window not answered by rollups. */
function rawFilter(query: TelemetryQuery, sources: ChartSources): Prisma.Sql {
  const conditions = [rangesSql(sources.rawRanges)];
  if (query.provider) conditions.push(Prisma.sql`"provider" = ${query.provider}`);
  if (query.model) conditions.push(Prisma.sql`"modelRequested" = ${query.model}`);
  return Prisma.join(conditions, ' AND ');
}

/** Runs a raw aggregate only when some part of the window is not covered by rollups. */
async function rawRows<T>(sources: ChartSources, run: () => Promise<T[]>): Promise<T[]> {
  return sources.rawRanges.length ? run() : [];
}

function sourcesOf(query: TelemetryQuery, db: Database, sources?: ChartSources): Promise<ChartSources> | ChartSources {
  return sources ?? chartSources(query, db);
}

function streamingPoint(requested: number, streamedOk: number, values: { streamed: number; fallbacks: number; midStreamFailures: number; otherStreamErrors: number }) {
  return { requested, streamedOk, ...values, ratio: requested > 0 ? streamedOk / requested : null };
}

export async function streamingSeries(query: TelemetryQuery, db: Database = database(), given?: ChartSources): Promise<Bucketed<Omit<StreamingPoint, 'bucket'>>> {
  const sources = await sourcesOf(query, db, given);
  const rows = await rawRows(sources, () => db.$queryRaw<RawRow[]>`
    SELECT ${bucketSql(query.bucketSeconds)} AS bucket,
      count(*)::int AS requested,
      count(*) FILTER (WHERE "streamActual")::int AS streamed,
      count(*) FILTER (WHERE "streamActual" AND "status" = 'ok')::int AS "streamedOk",
      count(*) FILTER (WHERE NOT "streamActual")::int AS fallbacks,
      count(*) FILTER (WHERE "streamActual" AND "status" = 'error' AND "errorKind" IN (${midStreamKinds}))::int AS "midStreamFailures",
      count(*) FILTER (WHERE "streamActual" AND "status" = 'error' AND coalesce("errorKind", '') NOT IN (${midStreamKinds}))::int AS "otherStreamErrors"
    FROM "ProviderCall"
    WHERE ${rawFilter(query, sources)} AND "streamRequested"
    GROUP BY 1 ORDER BY 1`);
  const points = [
    ...rows.map((row) => ({
      bucket: row.bucket,
      ...streamingPoint(num(row.requested), num(row.streamedOk), {
        streamed: num(row.streamed), fallbacks: num(row.fallbacks), midStreamFailures: num(row.midStreamFailures), otherStreamErrors: num(row.otherStreamErrors),
      }),
    })),
    ...sources.rollupRows.map((row: RollupRow) => ({
      bucket: row.bucket,
      ...streamingPoint(row.streamRequested, row.streamedOk, {
        streamed: row.streamed, fallbacks: row.streamFallbacks, midStreamFailures: row.midStreamFailures, otherStreamErrors: row.otherStreamErrors,
      }),
    })),
  ];
  return fillBuckets<Omit<StreamingPoint, 'bucket'>>(points, query, {
    requested: 0, streamed: 0, streamedOk: 0, fallbacks: 0, midStreamFailures: 0, otherStreamErrors: 0, ratio: null,
  });
}

export async function rateLimitSeries(query: TelemetryQuery, db: Database = database(), given?: ChartSources): Promise<Bucketed<Omit<RateLimitPoint, 'bucket'>>> {
  const sources = await sourcesOf(query, db, given);
  const rows = await rawRows(sources, () => db.$queryRaw<RawRow[]>`
    SELECT ${bucketSql(query.bucketSeconds)} AS bucket,
      count(*) FILTER (WHERE "errorKind" = 'rate_limit' AND "httpStatus" = 429)::int AS "rateLimited429",
      count(*) FILTER (WHERE "errorKind" = 'rate_limit' AND "httpStatus" IS DISTINCT FROM 429)::int AS "rateLimitedOther",
      count(*) FILTER (WHERE "errorKind" = 'overloaded')::int AS overloaded,
      count(*) FILTER (WHERE "attempt" > 1)::int AS retries
    FROM "ProviderCall"
    WHERE ${rawFilter(query, sources)} AND ("errorKind" IN ('rate_limit', 'overloaded') OR "attempt" > 1)
    GROUP BY 1 ORDER BY 1`);
  const points = [
    ...rows.map((row) => ({
      bucket: row.bucket,
      rateLimited429: num(row.rateLimited429),
      rateLimitedOther: num(row.rateLimitedOther),
      overloaded: num(row.overloaded),
      retries: num(row.retries),
    })),
    ...sources.rollupRows.map(({ bucket, rateLimited429, rateLimitedOther, overloaded, retries }) => ({ bucket, rateLimited429, rateLimitedOther, overloaded, retries })),
  ];
  return fillBuckets<Omit<RateLimitPoint, 'bucket'>>(points, query, { rateLimited429: 0, rateLimitedOther: 0, overloaded: 0, retries: 0 });
}

export async function cacheSeries(query: TelemetryQuery, db: Database = database(), given?: ChartSources): Promise<Bucketed<Omit<CachePoint, 'bucket'>>> {
  const sources = await sourcesOf(query, db, given);
  const rows = await rawRows(sources, () => db.$queryRaw<RawRow[]>`
    SELECT ${bucketSql(query.bucketSeconds)} AS bucket,
      sum("inputTokens")::float8 AS "inputTokens",
      sum("cacheReadTokens")::float8 AS "cacheReadTokens",
      sum("cacheWriteTokens")::float8 AS "cacheWriteTokens"
    FROM "ProviderCall"
    WHERE ${rawFilter(query, sources)}
    GROUP BY 1 ORDER BY 1`);
  const point = (bucket: Date, inputTokens: number, cacheReadTokens: number, cacheWriteTokens: number) => ({
    bucket, inputTokens, cacheReadTokens, cacheWriteTokens, hitRatio: inputTokens > 0 ? cacheReadTokens / inputTokens : null,
  });
  const points = [
    ...rows.map((row) => point(row.bucket, num(row.inputTokens), num(row.cacheReadTokens), num(row.cacheWriteTokens))),
    ...sources.rollupRows.map((row) => point(row.bucket, row.inputTokens, row.cacheReadTokens, row.cacheWriteTokens)),
  ];
  return fillBuckets<Omit<CachePoint, 'bucket'>>(points, query, { inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, hitRatio: null });
}

export async function latencySeries(query: TelemetryQuery, db: Database = database(), given?: ChartSources): Promise<Bucketed<Omit<LatencyPoint, 'bucket'>>> {
  const sources = await sourcesOf(query, db, given);
  const rows = await rawRows(sources, () => db.$queryRaw<RawRow[]>`
    SELECT ${bucketSql(query.bucketSeconds)} AS bucket,
      count(*)::int AS "okCalls",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs") AS "latencyP50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs") AS "latencyP95",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "ttftMs") AS "ttftP50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY "ttftMs") AS "ttftP95"
    FROM "ProviderCall"
    WHERE ${rawFilter(query, sources)} AND "status" = 'ok'
    GROUP BY 1 ORDER BY 1`);
  const points = [
    ...rows.map((row) => ({
      bucket: row.bucket,
      okCalls: num(row.okCalls),
      latencyP50: numOrNull(row.latencyP50),
      latencyP95: numOrNull(row.latencyP95),
      ttftP50: numOrNull(row.ttftP50),
      ttftP95: numOrNull(row.ttftP95),
    })),
    ...sources.rollupRows
      .filter((row) => row.okCalls > 0)
      .map(({ bucket, okCalls, latencyP50, latencyP95, ttftP50, ttftP95 }) => ({ bucket, okCalls, latencyP50, latencyP95, ttftP50, ttftP95 })),
  ];
  return fillBuckets<Omit<LatencyPoint, 'bucket'>>(points, query, { okCalls: 0, latencyP50: null, latencyP95: null, ttftP50: null, ttftP95: null });
}

export async function tokenCostSeries(query: TelemetryQuery, db: Database = database(), given?: ChartSources): Promise<Bucketed<Omit<TokensPoint, 'bucket'>>> {
  const sources = await sourcesOf(query, db, given);
  const rows = await rawRows(sources, () => db.$queryRaw<RawRow[]>`
    SELECT ${bucketSql(query.bucketSeconds)} AS bucket,
      count(*)::int AS calls,
      sum("inputTokens")::float8 AS "inputTokens",
      sum("outputTokens")::float8 AS "outputTokens",
      sum("reasoningTokens")::float8 AS "reasoningTokens",
      coalesce(sum("costUsd"), 0)::float8 AS "costUsd"
    FROM "ProviderCall"
    WHERE ${rawFilter(query, sources)}
    GROUP BY 1 ORDER BY 1`);
  const points = [
    ...rows.map((row) => ({
      bucket: row.bucket,
      calls: num(row.calls),
      inputTokens: num(row.inputTokens),
      outputTokens: num(row.outputTokens),
      reasoningTokens: num(row.reasoningTokens),
      costUsd: num(row.costUsd),
    })),
    ...sources.rollupRows.map(({ bucket, calls, inputTokens, outputTokens, reasoningTokens, costUsd }) => ({ bucket, calls, inputTokens, outputTokens, reasoningTokens, costUsd })),
  ];
  return fillBuckets<Omit<TokensPoint, 'bucket'>>(points, query, { calls: 0, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, costUsd: 0 });
}

/** Failed attempts by error kind over the whole window (most frequent first). */
export async function errorsByKind(query: TelemetryQuery, db: Database = database(), given?: ChartSources): Promise<ErrorKindCount[]> {
  const sources = await sourcesOf(query, db, given);
  const rows = await rawRows(sources, () => db.$queryRaw<Array<{ errorKind: string; count: unknown }>>`
    SELECT coalesce("errorKind", 'unknown') AS "errorKind", count(*)::int AS count
    FROM "ProviderCall"
    WHERE ${rawFilter(query, sources)} AND "status" = 'error'
    GROUP BY 1`);
  const counts = new Map<string, number>();
  const add = (kind: string, count: number) => counts.set(kind, (counts.get(kind) ?? 0) + count);
  for (const row of rows) add(row.errorKind, num(row.count));
  for (const row of sources.rollupRows) for (const [kind, count] of Object.entries(row.errorsByKind)) add(kind, count);
  return [...counts]
    .map(([errorKind, count]) => ({ errorKind, count }))
    .sort((a, b) => b.count - a.count || (a.errorKind < b.errorKind ? -1 : a.errorKind > b.errorKind ? 1 : 0));
}

/**
 * Providers and models that have ever been called (for the filter pickers): a loose index scan
 * over the (provider, modelRequested, startedAt) index, one probe per distinct pair.
 */
export async function filterOptions(db: Database = database()): Promise<FilterOptions> {
  const rows = await db.$queryRaw<Array<{ provider: string; model: string }>>`
    WITH RECURSIVE pairs AS (
      (SELECT "provider", "modelRequested" FROM "ProviderCall" ORDER BY "provider", "modelRequested" LIMIT 1)
      UNION ALL
      SELECT next."provider", next."modelRequested" FROM pairs, LATERAL (
        SELECT "provider", "modelRequested" FROM "ProviderCall"
        WHERE ("provider", "modelRequested") > (pairs."provider", pairs."modelRequested")
        ORDER BY "provider", "modelRequested" LIMIT 1
      ) AS next
    )
    SELECT "provider", "modelRequested" AS model FROM pairs LIMIT 1000`;
  return {
    providers: [...new Set(rows.map((row) => row.provider))],
    models: rows.map((row) => ({ provider: row.provider, model: row.model })),
  };
}

/** Every chart series of a window, as the page renders it and GET /api/telemetry returns it. */
export async function telemetryData(window: ResolvedWindow, db: Database = database()): Promise<TelemetryData> {
  const [sources, options] = await Promise.all([chartSources(window, db), filterOptions(db)]);
  const [streaming, rateLimits, cache, latency, tokens, errors] = await Promise.all([
    streamingSeries(window, db, sources),
    rateLimitSeries(window, db, sources),
    cacheSeries(window, db, sources),
    latencySeries(window, db, sources),
    tokenCostSeries(window, db, sources),
    errorsByKind(window, db, sources),
  ]);
  return {
    generatedAt: new Date().toISOString(),
    window: { kind: window.search.window, from: window.from.toISOString(), to: window.to.toISOString(), bucketSeconds: window.bucketSeconds },
    filters: { provider: window.provider ?? null, model: window.model ?? null },
    options,
    totals: { calls: tokens.reduce((sum, point) => sum + point.calls, 0) },
    streaming,
    rateLimits,
    cache,
    latency,
    tokens,
    errorsByKind: errors,
  };
}
