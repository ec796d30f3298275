import { describe, expect, it } from 'vitest';
import { summarizeCache, summarizeErrors, summarizeRateLimits, summarizeStreaming, summarizeTokens } from './summary';

const bucket = '2026-11-26T10:00:00.000Z';

describe('window summaries', () => {
  it('combines ratios from the sums, not by averaging bucket ratios', () => {
    const streaming = summarizeStreaming([
      { bucket, requested: 4, streamed: 4, streamedOk: 2, fallbacks: 0, midStreamFailures: 1, otherStreamErrors: 1, ratio: 0.5 },
      { bucket, requested: 1, streamed: 1, streamedOk: 1, fallbacks: 0, midStreamFailures: 0, otherStreamErrors: 0, ratio: 1 },
    ]);
    expect(streaming).toEqual({ requested: 5, streamedOk: 3, fallbacks: 0, midStreamFailures: 1, ratio: 0.6 });
    expect(summarizeStreaming([]).ratio).toBeNull();

    const cache = summarizeCache([
      { bucket, inputTokens: 1000, cacheReadTokens: 900, cacheWriteTokens: 0, hitRatio: 0.9 },
      { bucket, inputTokens: 3000, cacheReadTokens: 100, cacheWriteTokens: 50, hitRatio: 1 / 30 },
    ]);
    expect(cache).toEqual({ inputTokens: 4000, cacheReadTokens: 1000, cacheWriteTokens: 50, hitRatio: 0.25 });
  });

  it('sums counts, tokens and cost', () => {
    expect(summarizeRateLimits([{ bucket, rateLimited429: 2, rateLimitedOther: 1, overloaded: 3, retries: 4 }])).toEqual({
      rateLimited429: 2, rateLimitedOther: 1, overloaded: 3, retries: 4,
    });
    expect(summarizeTokens([
      { bucket, calls: 2, inputTokens: 10, outputTokens: 5, reasoningTokens: 1, costUsd: 0.25 },
      { bucket, calls: 1, inputTokens: 1, outputTokens: 1, reasoningTokens: 0, costUsd: 0.5 },
    ])).toEqual({ calls: 3, inputTokens: 11, outputTokens: 6, reasoningTokens: 1, costUsd: 0.75 });
    expect(summarizeErrors([{ errorKind: 'rate_limit', count: 2 }, { errorKind: 'auth', count: 1 }])).toEqual({ failed: 3 });
  });
});
