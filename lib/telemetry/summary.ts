// Window totals shown in each chart's header, summed from the bucketed series. A chart whose
// points carry its catalogue metrics under their own names (queries.ts) sums those metrics.
import { CHART_METRICS } from './chart-metrics';
import { ratioOf } from './ratios';
import type { CachePoint, ErrorKindCount, QuotaHeadroom, QuotaSeries, RateLimitPoint, StreamingPoint, TokensPoint } from './types';

const sum = <T>(points: readonly T[], pick: (point: T) => number) => points.reduce((total, point) => total + pick(point), 0);

type NumberField<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];

/** Each named field summed over the points, in the order named. */
function totals<T, K extends NumberField<T>>(points: readonly T[], fields: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const field of fields) out[field] = sum(points, (point) => point[field] as number);
  return out;
}

export function summarizeStreaming(points: readonly StreamingPoint[]) {
  const total = totals(points, [
    'requested',
    'counted',
    'streamedOk',
    'fallbacks',
    'midStreamFailures',
    'refused',
    'notStarted',
    'cancelled',
  ]);
  return { ...total, ratio: ratioOf('streamingSuccess', { streamedOk: total.streamedOk, streamHealthAttempts: total.counted }) };
}

export function summarizeRateLimits(points: readonly RateLimitPoint[]) {
  return totals(points, CHART_METRICS.rateLimits);
}

export function summarizeCache(points: readonly CachePoint[]) {
  const { cacheReportedInputTokens, ...total } = totals(points, CHART_METRICS.cache);
  return { ...total, hitRatio: ratioOf('cacheHit', { cacheReadTokens: total.cacheReadTokens, cacheReportedInputTokens }) };
}

export function summarizeTokens(points: readonly TokensPoint[]) {
  const { costComparedEstimate, costComparedReported, ...total } = totals(points, CHART_METRICS.tokens);
  return {
    ...total,
    /** How far our estimate is from what providers reported, where both exist: (reported − estimate) ÷ estimate; null without such attempts. */
    costDrift: costComparedEstimate > 0 ? (costComparedReported - costComparedEstimate) / costComparedEstimate : null,
  };
}

export function summarizeErrors(counts: readonly ErrorKindCount[]) {
  return { failed: sum(counts, (entry) => entry.count) };
}

/** The quota with the least headroom now, the one forecast to run out first, and the window's 429s and cooldowns. */
export function summarizeQuota(quota: QuotaHeadroom) {
  const lowest = quota.series.reduce<QuotaSeries | null>(
    (low, series) => (!low || series.latest.remainingPct < low.latest.remainingPct ? series : low),
    null,
  );
  const soonest = quota.series.reduce<QuotaSeries | null>(
    (first, series) => (series.forecast && (!first?.forecast || series.forecast.exhaustsAt < first.forecast.exhaustsAt) ? series : first),
    null,
  );
  return {
    lowest,
    soonest,
    rateLimited429: sum(quota.points, (point) => point.rateLimited429),
    cooldowns: quota.cooldowns.length,
  };
}
