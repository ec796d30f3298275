// The quota headroom chart: remaining % of each account's rate limits over the window (from
// "RateLimitSample", headroom.ts), the 429s and cooldowns of the window's scope to overlay (from
// "ProviderCall"), and per series a forecast of when it runs out (quota-forecast.ts). Postgres
// buckets the samples; only the series with the least headroom come back (QUOTA_MAX_SERIES), with
// their last FORECAST_SAMPLES samples for the forecast.
import 'server-only';
import { Prisma } from '@/lib/store/generated/prisma/client';
import { database, type Database } from '@/lib/store/database';
import { fillBuckets } from './buckets';
import { mergeCooldowns, type Refusal } from './cooldowns';
import { REMAINING_PCT, SERIES_COLUMNS, samplesWhere } from './headroom';
import { anyAttemptOf, metricSql } from './metrics';
import { forecastExhaustion } from './quota-forecast';
import { projectedBucketStarts, projectedPct } from './quota-projection';
import { bucketSql, num, timestamp } from './sql';
import type { QuotaCooldown, QuotaDimensionName, QuotaHeadroom, QuotaPoint, QuotaSeries } from './types';
import type { TelemetryQuery } from './window';

/** Lines a chart can tell apart. */
export const QUOTA_MAX_SERIES = 6;
/** Per series, the newest samples the forecast may use (its lookback is 5 minutes anyway). */
const FORECAST_SAMPLES = 60;
const MAX_COOLDOWNS = 100;

type SeriesRow = {
  account: string;
  model: string;
  dimension: string;
  runtime: string;
  provider: string;
  lowest: number;
  samples: number;
  total: number;
};
type SampleRow = {
  account: string;
  model: string;
  dimension: string;
  observedAt: Date;
  remaining: unknown;
  limit: unknown;
  resetAt: Date | null;
  pct: number;
};

const seriesKey = (row: { account: string; model: string; dimension: string }) => `${row.account}|${row.model}|${row.dimension}`;

export function seriesLabel(series: { runtime: string; account: string; model: string; dimension: string }): string {
  return `${series.runtime} ${series.account.slice(0, 8)} · ${series.model} · ${series.dimension}`;
}

function scopeOf(query: TelemetryQuery) {
  return { from: query.from, to: query.to, provider: query.provider ?? null, model: query.model ?? null };
}

function callsWhere(query: TelemetryQuery, ...rows: Prisma.Sql[]): Prisma.Sql {
  const conditions = [Prisma.sql`"startedAt" >= ${timestamp(query.from)}`, Prisma.sql`"startedAt" < ${timestamp(query.to)}`, ...rows];
  if (query.provider) conditions.push(Prisma.sql`"provider" = ${query.provider}`);
  if (query.model) conditions.push(Prisma.sql`"modelRequested" = ${query.model}`);
  return Prisma.join(conditions, ' AND ');
}

export async function quotaHeadroomSeries(query: TelemetryQuery, db: Database = database()): Promise<QuotaHeadroom> {
  const where = samplesWhere(scopeOf(query));
  const [chosen, rateLimited, refusals] = await Promise.all([
    db.$queryRaw<SeriesRow[]>`
      SELECT ${SERIES_COLUMNS}, max("runtime") AS runtime, max("provider") AS provider, min(${REMAINING_PCT})::float8 AS lowest,
        count(*)::int AS samples, (count(*) OVER ())::int AS total
      FROM "RateLimitSample" WHERE ${where}
      GROUP BY ${SERIES_COLUMNS}
      ORDER BY lowest ASC, max("observedAt") DESC
      LIMIT ${QUOTA_MAX_SERIES}`,
    db.$queryRaw<Array<{ bucket: Date; rateLimited429: unknown }>>`
      SELECT ${bucketSql(query.bucketSeconds)} AS bucket, ${metricSql('rateLimited429')} AS "rateLimited429"
      FROM "ProviderCall" WHERE ${callsWhere(query, anyAttemptOf(['rateLimited429']))}
      GROUP BY 1`,
    db.$queryRaw<Refusal[]>`
      SELECT coalesce("endedAt", "startedAt") AS "endedAt", "retryAfterMs", "provider", "modelRequested" AS model
      FROM "ProviderCall" WHERE ${callsWhere(query, Prisma.sql`"errorKind" = 'rate_limit'`, Prisma.sql`"retryAfterMs" > 0`)}
      ORDER BY "startedAt" DESC LIMIT ${MAX_COOLDOWNS * 5}`,
  ]);

  const inChosen = chosen.length
    ? Prisma.sql`(${SERIES_COLUMNS}) IN (${Prisma.join(chosen.map((row) => Prisma.sql`(${row.account}, ${row.model}, ${row.dimension})`))})`
    : Prisma.sql`false`;
  const [buckets, recent] = chosen.length
    ? await Promise.all([
        db.$queryRaw<Array<{ account: string; model: string; dimension: string; bucket: Date; pct: number }>>`
          SELECT ${SERIES_COLUMNS}, ${bucketSql(query.bucketSeconds, 'observedAt')} AS bucket, min(${REMAINING_PCT})::float8 AS pct
          FROM "RateLimitSample" WHERE ${where} AND ${inChosen}
          GROUP BY ${SERIES_COLUMNS}, 4`,
        db.$queryRaw<SampleRow[]>`
          SELECT "account", "model", "dimension", "observedAt", "remaining", "limit", "resetAt", pct FROM (
            SELECT *, ${REMAINING_PCT}::float8 AS pct,
              row_number() OVER (PARTITION BY ${SERIES_COLUMNS} ORDER BY "observedAt" DESC, "id" DESC) AS newest
            FROM "RateLimitSample" WHERE ${where} AND ${inChosen}
          ) AS ranked WHERE newest <= ${FORECAST_SAMPLES}
          ORDER BY "observedAt" ASC, "id" ASC`,
      ])
    : [[], []];

  const samplesOf = new Map<string, SampleRow[]>();
  for (const row of recent) samplesOf.set(seriesKey(row), [...(samplesOf.get(seriesKey(row)) ?? []), row]);
  const series: QuotaSeries[] = chosen.map((row) => {
    const samples = samplesOf.get(seriesKey(row)) ?? [];
    const latest = samples.at(-1)!;
    const forecast = forecastExhaustion(samples.map((sample) => ({ at: sample.observedAt.getTime(), pct: sample.pct })));
    return {
      key: seriesKey(row),
      account: row.account,
      runtime: row.runtime,
      provider: row.provider,
      model: row.model,
      dimension: row.dimension as QuotaDimensionName,
      label: seriesLabel(row),
      lowestPct: row.lowest,
      samples: row.samples,
      latest: {
        at: latest.observedAt.toISOString(),
        remainingPct: latest.pct,
        remaining: num(latest.remaining),
        limit: num(latest.limit),
        resetAt: latest.resetAt?.toISOString() ?? null,
      },
      forecast: forecast && {
        exhaustsAt: new Date(forecast.exhaustsAt).toISOString(),
        pctPerMinute: forecast.pctPerMinute,
        samples: forecast.samples,
        since: new Date(forecast.since).toISOString(),
      },
    };
  });

  const cooldowns = mergeCooldowns(refusals, MAX_COOLDOWNS);
  return { series, seriesInWindow: chosen[0]?.total ?? 0, points: quotaPoints(query, series, buckets, rateLimited, cooldowns), cooldowns };
}

/** One point per bucket of the window, then the buckets the forecasts reach into. */
function quotaPoints(
  query: TelemetryQuery,
  series: readonly QuotaSeries[],
  buckets: ReadonlyArray<{ account: string; model: string; dimension: string; bucket: Date; pct: number }>,
  rateLimited: ReadonlyArray<{ bucket: Date; rateLimited429: unknown }>,
  cooldowns: readonly QuotaCooldown[],
): QuotaPoint[] {
  const bucketMs = query.bucketSeconds * 1000;
  const byBucket = new Map<number, { bucket: Date; remaining: Record<string, number | null>; rateLimited429: number }>();
  const pointAt = (bucket: Date) => {
    let point = byBucket.get(bucket.getTime());
    if (!point) byBucket.set(bucket.getTime(), (point = { bucket, remaining: emptyRemaining(series), rateLimited429: 0 }));
    return point;
  };
  for (const row of buckets) pointAt(row.bucket).remaining[seriesKey(row)] = row.pct;
  for (const row of rateLimited) pointAt(row.bucket).rateLimited429 = num(row.rateLimited429);
  const inWindow = fillBuckets([...byBucket.values()], query, { remaining: emptyRemaining(series), rateLimited429: 0 });

  const forecasts = series.flatMap((entry) =>
    entry.forecast
      ? [
          {
            key: entry.key,
            latestAt: Date.parse(entry.latest.at),
            latestPct: entry.latest.remainingPct,
            pctPerMinute: entry.forecast.pctPerMinute,
            exhaustsAt: Date.parse(entry.forecast.exhaustsAt),
          },
        ]
      : [],
  );
  const lastStart = Date.parse(inWindow.at(-1)?.bucket ?? query.to.toISOString());
  const projected = projectedBucketStarts(lastStart, bucketMs, inWindow.length, forecasts).map((start) => ({
    bucket: new Date(start).toISOString(),
    remaining: emptyRemaining(series),
    rateLimited429: 0,
  }));
  const spans = mergeSpans(cooldowns.map((cooldown) => [Date.parse(cooldown.from), Date.parse(cooldown.to)] as const));
  return [...inWindow.map((point) => ({ ...point, projected: false })), ...projected.map((point) => ({ ...point, projected: true }))].map(
    (point) => {
      const start = Date.parse(point.bucket);
      return {
        ...point,
        forecast: Object.fromEntries(
          series
            .map((entry) => [entry.key, null as number | null])
            .concat(forecasts.map((entry) => [entry.key, projectedPct(entry, start, bucketMs)])),
        ),
        cooldownSeconds:
          spans.reduce((sum, [from, to]) => sum + Math.max(0, Math.min(to, start + bucketMs) - Math.max(from, start)), 0) / 1000,
      };
    },
  );
}

/** The union of time spans, as disjoint spans. */
function mergeSpans(spans: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

function emptyRemaining(series: readonly QuotaSeries[]): Record<string, number | null> {
  return Object.fromEntries(series.map((entry) => [entry.key, null]));
}
