import { describe, expect, it } from 'vitest';
import { estimateCostUsd, priceFor } from './pricing';

const usage = { inputTokens: 2760, inputNoCacheTokens: 412, cacheReadTokens: 2048, cacheWriteTokens: 300, cacheWrite5mTokens: 100, cacheWrite1hTokens: 200, outputTokens: 87, reasoningTokens: null, costUsd: null };

describe('pricing', () => {
  it('matches the longest prefix, with or without a provider prefix', () => {
    expect(priceFor('gpt-4.1-mini-2025-04-14')).toEqual(priceFor('gpt-4.1-mini'));
    expect(priceFor('anthropic/claude-sonnet-4.5')?.input).toBe(3);
    expect(priceFor('unknown-model')).toBeNull();
  });

  it('prices uncached input, cache reads, writes by TTL and output separately', () => {
    // 412×3 + 2048×0.3 + 100×3.75 + 200×6 + 87×15 = 4730.4 per million
    expect(estimateCostUsd('claude-sonnet-4-5', usage)).toBeCloseTo(0.0047304, 8);
  });

  it('uses the provider reported cost when there is one', () => {
    expect(estimateCostUsd('anything', { ...usage, costUsd: 0.007896 })).toBe(0.007896);
    expect(estimateCostUsd('unknown-model', usage)).toBeNull();
  });
});
