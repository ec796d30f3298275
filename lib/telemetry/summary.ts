// Window totals shown in each chart's header, summed from the bucketed series.
import { ratioOf } from './ratios';
import type { CachePoint, ErrorKindCount, RateLimitPoint, StreamingPoint, TokensPoint } from './types';

const sum = <T>(points: readonly T[], pick: (point: T) => number) => points.reduce((total, point) => total + pick(point), 0);

export function summarizeStreaming(points: readonly StreamingPoint[]) {
  const requested = sum(points, (point) => point.requested);
  const streamedOk = sum(points, (point) => point.streamedOk);
  return {
    requested,
    streamedOk,
    fallbacks: sum(points, (point) => point.fallbacks),
    midStreamFailures: sum(points, (point) => point.midStreamFailures),
    ratio: ratioOf('streamingSuccess', { streamedOk, streamRequested: requested }),
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
  const inputTokens = sum(points, (point) => point.inputTokens);
  const cacheReadTokens = sum(points, (point) => point.cacheReadTokens);
  return {
    inputTokens,
    cacheReadTokens,
    cacheWriteTokens: sum(points, (point) => point.cacheWriteTokens),
    hitRatio: ratioOf('cacheHit', { cacheReadTokens, inputTokens }),
  };
}

export function summarizeTokens(points: readonly TokensPoint[]) {
  return {
    calls: sum(points, (point) => point.calls),
    inputTokens: sum(points, (point) => point.inputTokens),
    outputTokens: sum(points, (point) => point.outputTokens),
    reasoningTokens: sum(points, (point) => point.reasoningTokens),
    costUsd: sum(points, (point) => point.costUsd),
  };
}

export function summarizeErrors(counts: readonly ErrorKindCount[]) {
  return { failed: sum(counts, (entry) => entry.count) };
}
