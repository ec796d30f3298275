import { describe, expect, it } from 'vitest';
import { summarizeCache, summarizeErrors, summarizeQuota, summarizeRateLimits, summarizeStreaming, summarizeTokens } from './summary';
import type { QuotaSeries } from './types';

const bucket = '2026-11-26T10:00:00.000Z';

describe('window summaries', () => {
  it('combines ratios from the sums, not by averaging bucket ratios', () => {
    const streaming = summarizeStreaming([
      {
        bucket,
        requested: 6,
        counted: 4,
        streamed: 3,
        streamedOk: 2,
        fallbacks: 0,
        midStreamFailures: 1,
        refused: 1,
        notStarted: 2,
        cancelled: 0,
        ratio: 0.5,
      },
      {
        bucket,
        requested: 1,
        counted: 1,
        streamed: 1,
        streamedOk: 1,
        fallbacks: 0,
        midStreamFailures: 0,
        refused: 0,
        notStarted: 0,
        cancelled: 0,
        ratio: 1,
      },
    ]);
    expect(streaming).toEqual({
      requested: 7,
      counted: 5,
      streamedOk: 3,
      fallbacks: 0,
      midStreamFailures: 1,
      refused: 1,
      notStarted: 2,
      cancelled: 0,
      ratio: 0.6,
    });
    expect(summarizeStreaming([]).ratio).toBeNull();

    const cache = summarizeCache([
      {
        bucket,
        inputTokens: 1000,
        cacheReadTokens: 900,
        cacheWriteTokens: 0,
        cacheReportedInputTokens: 1000,
        cacheNotReported: 0,
        hitRatio: 0.9,
      },
      // 2,000 of this bucket's input tokens came from attempts that did not report cache use: not in the ratio.
      {
        bucket,
        inputTokens: 3000,
        cacheReadTokens: 100,
        cacheWriteTokens: 50,
        cacheReportedInputTokens: 1000,
        cacheNotReported: 4,
        hitRatio: 0.1,
      },
    ]);
    expect(cache).toEqual({ inputTokens: 4000, cacheReadTokens: 1000, cacheWriteTokens: 50, cacheNotReported: 4, hitRatio: 0.5 });
  });

  it('sums counts, tokens and cost', () => {
    expect(summarizeRateLimits([{ bucket, rateLimited429: 2, rateLimitedOther: 1, overloaded: 3, retries: 4 }])).toEqual({
      rateLimited429: 2,
      rateLimitedOther: 1,
      overloaded: 3,
      retries: 4,
    });
    expect(
      summarizeTokens([
        {
          bucket,
          calls: 2,
          cancelledCalls: 1,
          inputTokens: 10,
          outputTokens: 5,
          reasoningTokens: 1,
          costUsd: 0.25,
          providerCostUsd: 0.3,
          costComparedEstimate: 0.2,
          costComparedReported: 0.3,
          unpricedCalls: 0,
        },
        {
          bucket,
          calls: 1,
          cancelledCalls: 0,
          inputTokens: 1,
          outputTokens: 1,
          reasoningTokens: 0,
          costUsd: 0.5,
          providerCostUsd: 0,
          costComparedEstimate: 0,
          costComparedReported: 0,
          unpricedCalls: 1,
        },
      ]),
    ).toEqual({
      calls: 3,
      cancelledCalls: 1,
      inputTokens: 11,
      outputTokens: 6,
      reasoningTokens: 1,
      costUsd: 0.75,
      providerCostUsd: 0.3,
      unpricedCalls: 1,
      costDrift: expect.closeTo(0.5, 10),
    });
    expect(
      summarizeErrors([
        { errorKind: 'rate_limit', count: 2 },
        { errorKind: 'auth', count: 1 },
      ]),
    ).toEqual({ failed: 3 });
  });
});

describe('quota summary', () => {
  const series = (key: string, remainingPct: number, exhaustsAt: string | null): QuotaSeries => ({
    key,
    account: 'a1b2c3d4e5f60718',
    runtime: 'openai-chat',
    provider: 'openai',
    model: 'm',
    dimension: 'tokens',
    label: key,
    lowestPct: remainingPct,
    samples: 3,
    latest: { at: bucket, remainingPct, remaining: remainingPct * 10, limit: 1000, resetAt: null },
    forecast: exhaustsAt ? { exhaustsAt, pctPerMinute: 10, samples: 3, since: bucket } : null,
  });
  const point = (rateLimited429: number) => ({ bucket, projected: false, remaining: {}, forecast: {}, rateLimited429, cooldownSeconds: 0 });

  it('the least headroom now, the first forecast exhaustion, the 429s and cooldowns', () => {
    const quota = {
      series: [series('a', 40, '2026-11-26T10:09:00.000Z'), series('b', 20, null), series('c', 60, '2026-11-26T10:05:00.000Z')],
      seriesInWindow: 3,
      points: [point(1), point(2)],
      cooldowns: [{ from: bucket, to: bucket, provider: 'openai', model: 'm', refusals: 2 }],
    };
    const summary = summarizeQuota(quota);
    expect([summary.lowest?.key, summary.soonest?.key, summary.rateLimited429, summary.cooldowns]).toEqual(['b', 'c', 3, 1]);
    expect(summarizeQuota({ series: [], seriesInWindow: 0, points: [], cooldowns: [] })).toEqual({
      lowest: null,
      soonest: null,
      rateLimited429: 0,
      cooldowns: 0,
    });
  });
});
