// Window totals shown in each chart's header, summed from the bucketed series.
import { ratioOf } from './ratios';
import type { CachePoint, ErrorKindCount, QuotaHeadroom, QuotaSeries, RateLimitPoint, StreamingPoint, TokensPoint } from './types';

const sum = <T>(points: readonly T[], pick: (point: T) => number) => points.reduce((total, point) => total + pick(point), 0);

export function summarizeStreaming(points: readonly StreamingPoint[]) {
  const counted = sum(points, (point) => point.counted);
  const streamedOk = sum(points, (point) => point.streamedOk);
  return {
    requested: sum(points, (point) => point.requested),
    counted,
    streamedOk,
    fallbacks: sum(points, (point) => point.fallbacks),
    midStreamFailures: sum(points, (point) => point.midStreamFailures),
    refused: sum(points, (point) => point.refused),
    notStarted: sum(points, (point) => point.notStarted),
    cancelled: sum(points, (point) => point.cancelled),
    ratio: ratioOf('streamingSuccess', { streamedOk, streamHealthAttempts: counted }),
  };
}

export function summarizeRateLimits(points: readonly RateLimitPoint[]) {
  return {
    rateLimited429: sum(points, (point) => point.rateLimited429),
    rateLimitedOther: sum(points, (point) => point.rateLimitedOther),
    overloaded: sum(points, (point) => point.overloaded),
    retries: sum(points, (point) => point.retries),
  };
}

export function summarizeCache(points: readonly CachePoint[]) {
  const cacheReportedInputTokens = sum(points, (point) => point.cacheReportedInputTokens);
  const cacheReadTokens = sum(points, (point) => point.cacheReadTokens);
  return {
    inputTokens: sum(points, (point) => point.inputTokens),
    cacheReadTokens,
    cacheWriteTokens: sum(points, (point) => point.cacheWriteTokens),
    cacheNotReported: sum(points, (point) => point.cacheNotReported),
    hitRatio: ratioOf('cacheHit', { cacheReadTokens, cacheReportedInputTokens }),
  };
}

export function summarizeTokens(points: readonly TokensPoint[]) {
  const costComparedEstimate = sum(points, (point) => point.costComparedEstimate);
  const costComparedReported = sum(points, (point) => point.costComparedReported);
  return {
    calls: sum(points, (point) => point.calls),
    cancelledCalls: sum(points, (point) => point.cancelledCalls),
    inputTokens: sum(points, (point) => point.inputTokens),
    outputTokens: sum(points, (point) => point.outputTokens),
    reasoningTokens: sum(points, (point) => point.reasoningTokens),
    costUsd: sum(points, (point) => point.costUsd),
    providerCostUsd: sum(points, (point) => point.providerCostUsd),
    unpricedCalls: sum(points, (point) => point.unpricedCalls),
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
