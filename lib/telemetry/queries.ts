// Aggregate queries behind the telemetry charts: one per chart, all computed in Postgres over
// "ProviderCall" (one row per attempt), bucketed with date_bin over "startedAt". Rows never
// come to Node; only one row per non-empty bucket does, and fillBuckets adds the empty ones.
import 'server-only';
import { Prisma } from '@/lib/store/generated/prisma/client';
import { prisma, type Database } from '@/lib/store/prisma';
import { BUCKET_ORIGIN, fillBuckets } from './buckets';
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

/** Error kinds that, on a call that really streamed, mean the stream broke off. */
export const MID_STREAM_ERROR_KINDS = ['network', 'server', 'overloaded'] as const;

type Bucketed<T> = Array<{ bucket: string } & T>;

/** Postgres numbers as JS numbers (bigint from count, Decimal from numeric, null kept). */
function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') return value.toNumber() as number;
  return Number(value);
}

function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

function bucketExpr(query: TelemetryQuery): Prisma.Sql {
  return Prisma.sql`date_bin(${query.bucketSeconds}::int * interval '1 second', "startedAt", ${BUCKET_ORIGIN.toISOString()}::timestamptz)`;
}

/** The window and the provider/model filters (served by the startedAt and provider/model indexes). */
function windowFilter(query: TelemetryQuery): Prisma.Sql {
  const conditions = [
    Prisma.sql`"startedAt" >= ${query.from.toISOString()}::timestamptz`,
    Prisma.sql`"startedAt" < ${query.to.toISOString()}::timestamptz`,
  ];
  if (query.provider) conditions.push(Prisma.sql`"provider" = ${query.provider}`);
  if (query.model) conditions.push(Prisma.sql`"modelRequested" = ${query.model}`);
  return Prisma.join(conditions, ' AND ');
}

const midStreamKinds = Prisma.join(MID_STREAM_ERROR_KINDS.map((kind) => Prisma.sql`${kind}`));

export async function streamingSeries(query: TelemetryQuery, db: Database = prisma()): Promise<Bucketed<Omit<StreamingPoint, 'bucket'>>> {
  const rows = await db.$queryRaw<Array<Record<string, unknown> & { bucket: Date }>>`
    SELECT ${bucketExpr(query)} AS bucket,
      count(*)::int AS requested,
      count(*) FILTER (WHERE "streamActual")::int AS streamed,
      count(*) FILTER (WHERE "streamActual" AND "status" = 'ok')::int AS "streamedOk",
      count(*) FILTER (WHERE NOT "streamActual")::int AS fallbacks,
      count(*) FILTER (WHERE "streamActual" AND "status" = 'error' AND "errorKind" IN (${midStreamKinds}))::int AS "midStreamFailures",
      count(*) FILTER (WHERE "streamActual" AND "status" = 'error' AND coalesce("errorKind", '') NOT IN (${midStreamKinds}))::int AS "otherStreamErrors"
    FROM "ProviderCall"
    WHERE ${windowFilter(query)} AND "streamRequested"
    GROUP BY 1 ORDER BY 1`;
  const points = rows.map((row) => {
    const requested = num(row.requested);
    const streamedOk = num(row.streamedOk);
    return {
      bucket: row.bucket,
      requested,
      streamed: num(row.streamed),
      streamedOk,
      fallbacks: num(row.fallbacks),
      midStreamFailures: num(row.midStreamFailures),
      otherStreamErrors: num(row.otherStreamErrors),
      ratio: requested > 0 ? streamedOk / requested : null,
    };
  });
  return fillBuckets<Omit<StreamingPoint, 'bucket'>>(points, query, {
    requested: 0, streamed: 0, streamedOk: 0, fallbacks: 0, midStreamFailures: 0, otherStreamErrors: 0, ratio: null,
  });
}

export async function rateLimitSeries(query: TelemetryQuery, db: Database = prisma()): Promise<Bucketed<Omit<RateLimitPoint, 'bucket'>>> {
  const rows = await db.$queryRaw<Array<Record<string, unknown> & { bucket: Date }>>`
    SELECT ${bucketExpr(query)} AS bucket,
      count(*) FILTER (WHERE "errorKind" = 'rate_limit' AND "httpStatus" = 429)::int AS "rateLimited429",
      count(*) FILTER (WHERE "errorKind" = 'rate_limit' AND "httpStatus" IS DISTINCT FROM 429)::int AS "rateLimitedOther",
      count(*) FILTER (WHERE "errorKind" = 'overloaded')::int AS overloaded,
      count(*) FILTER (WHERE "attempt" > 1)::int AS retries
    FROM "ProviderCall"
    WHERE ${windowFilter(query)} AND ("errorKind" IN ('rate_limit', 'overloaded') OR "attempt" > 1)
    GROUP BY 1 ORDER BY 1`;
  const points = rows.map((row) => ({
    bucket: row.bucket,
    rateLimited429: num(row.rateLimited429),
    rateLimitedOther: num(row.rateLimitedOther),
    overloaded: num(row.overloaded),
    retries: num(row.retries),
  }));
  return fillBuckets<Omit<RateLimitPoint, 'bucket'>>(points, query, { rateLimited429: 0, rateLimitedOther: 0, overloaded: 0, retries: 0 });
}

export async function cacheSeries(query: TelemetryQuery, db: Database = prisma()): Promise<Bucketed<Omit<CachePoint, 'bucket'>>> {
  const rows = await db.$queryRaw<Array<Record<string, unknown> & { bucket: Date }>>`
    SELECT ${bucketExpr(query)} AS bucket,
      sum("inputTokens")::float8 AS "inputTokens",
      sum("cacheReadTokens")::float8 AS "cacheReadTokens",
      sum("cacheWriteTokens")::float8 AS "cacheWriteTokens",
      (sum("cacheReadTokens")::float8 / nullif(sum("inputTokens"), 0)) AS "hitRatio"
    FROM "ProviderCall"
    WHERE ${windowFilter(query)}
    GROUP BY 1 ORDER BY 1`;
  const points = rows.map((row) => ({
    bucket: row.bucket,
    inputTokens: num(row.inputTokens),
    cacheReadTokens: num(row.cacheReadTokens),
    cacheWriteTokens: num(row.cacheWriteTokens),
    hitRatio: numOrNull(row.hitRatio),
  }));
  return fillBuckets<Omit<CachePoint, 'bucket'>>(points, query, { inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, hitRatio: null });
}

export async function latencySeries(query: TelemetryQuery, db: Database = prisma()): Promise<Bucketed<Omit<LatencyPoint, 'bucket'>>> {
  const rows = await db.$queryRaw<Array<Record<string, unknown> & { bucket: Date }>>`
    SELECT ${bucketExpr(query)} AS bucket,
      count(*)::int AS "okCalls",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs") AS "latencyP50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs") AS "latencyP95",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "ttftMs") AS "ttftP50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY "ttftMs") AS "ttftP95"
    FROM "ProviderCall"
    WHERE ${windowFilter(query)} AND "status" = 'ok'
    GROUP BY 1 ORDER BY 1`;
  const points = rows.map((row) => ({
    bucket: row.bucket,
    okCalls: num(row.okCalls),
    latencyP50: numOrNull(row.latencyP50),
    latencyP95: numOrNull(row.latencyP95),
    ttftP50: numOrNull(row.ttftP50),
    ttftP95: numOrNull(row.ttftP95),
  }));
  return fillBuckets<Omit<LatencyPoint, 'bucket'>>(points, query, { okCalls: 0, latencyP50: null, latencyP95: null, ttftP50: null, ttftP95: null });
}

export async function tokenCostSeries(query: TelemetryQuery, db: Database = prisma()): Promise<Bucketed<Omit<TokensPoint, 'bucket'>>> {
  const rows = await db.$queryRaw<Array<Record<string, unknown> & { bucket: Date }>>`
    SELECT ${bucketExpr(query)} AS bucket,
      count(*)::int AS calls,
      sum("inputTokens")::float8 AS "inputTokens",
      sum("outputTokens")::float8 AS "outputTokens",
      sum("reasoningTokens")::float8 AS "reasoningTokens",
      coalesce(sum("costUsd"), 0)::float8 AS "costUsd"
    FROM "ProviderCall"
    WHERE ${windowFilter(query)}
    GROUP BY 1 ORDER BY 1`;
  const points = rows.map((row) => ({
    bucket: row.bucket,
    calls: num(row.calls),
    inputTokens: num(row.inputTokens),
    outputTokens: num(row.outputTokens),
    reasoningTokens: num(row.reasoningTokens),
    costUsd: num(row.costUsd),
  }));
  return fillBuckets<Omit<TokensPoint, 'bucket'>>(points, query, { calls: 0, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, costUsd: 0 });
}

/** Failed attempts by error kind over the whole window (most frequent first). */
export async function errorsByKind(query: TelemetryQuery, db: Database = prisma()): Promise<ErrorKindCount[]> {
  const rows = await db.$queryRaw<Array<{ errorKind: string; count: unknown }>>`
    SELECT coalesce("errorKind", 'unknown') AS "errorKind", count(*)::int AS count
    FROM "ProviderCall"
    WHERE ${windowFilter(query)} AND "status" = 'error'
    GROUP BY 1 ORDER BY 2 DESC, 1`;
  return rows.map((row) => ({ errorKind: row.errorKind, count: num(row.count) }));
}

/** Providers and models that have ever been called (for the filter pickers). */
export async function filterOptions(db: Database = prisma()): Promise<FilterOptions> {
  const rows = await db.$queryRaw<Array<{ provider: string; model: string }>>`
    SELECT DISTINCT "provider", "modelRequested" AS model
    FROM "ProviderCall"
    ORDER BY 1, 2
    LIMIT 1000`;
  return {
    providers: [...new Set(rows.map((row) => row.provider))],
    models: rows.map((row) => ({ provider: row.provider, model: row.model })),
  };
}

/** Every chart series of a window, as the page renders it and GET /api/telemetry returns it. */
export async function telemetryData(window: ResolvedWindow, db: Database = prisma()): Promise<TelemetryData> {
  const [streaming, rateLimits, cache, latency, tokens, errors, options] = await Promise.all([
    streamingSeries(window, db),
    rateLimitSeries(window, db),
    cacheSeries(window, db),
    latencySeries(window, db),
    tokenCostSeries(window, db),
    errorsByKind(window, db),
    filterOptions(db),
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
