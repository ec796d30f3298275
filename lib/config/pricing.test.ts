import { describe, expect, it } from 'vitest';
import { ANTHROPIC_CACHED_TURN_USAGE } from '@/lib/providers/testing/anthropic-cached-usage';
import PRICE_TABLE from './price-table.json';
import { estimateCostUsd, priceFor, priceSchema } from './pricing';

const usage = ANTHROPIC_CACHED_TURN_USAGE;

describe('pricing', () => {
  it('matches a model by its name, with or without a provider prefix, a release date or dots for dashes', () => {
    expect(priceFor('gpt-4.1-mini-2025-04-14')).toEqual(priceFor('gpt-4.1-mini'));
    expect(priceFor('gpt-4.1-mini')?.model).toBe('gpt-4.1-mini');
    expect(priceFor('anthropic/claude-sonnet-4.5')).toMatchObject({ model: 'claude-sonnet-4-5', input: 3 });
    expect(priceFor('claude-sonnet-4-5-20250929')?.model).toBe('claude-sonnet-4-5');
    expect(priceFor('claude-opus-4-5')).toMatchObject({ input: 5, output: 25 });
    expect(priceFor('claude-opus-4-20250514')).toMatchObject({ input: 15, output: 75 });
  });

  it('has no price for a model it does not list, nor for another version of one it does (never a wrong or $0 price)', () => {
    expect(priceFor('unknown-model')).toBeNull();
    expect(priceFor('claude-sonnet-5')).toBeNull();
    expect(priceFor('gpt-5.1')).toBeNull();
    expect(estimateCostUsd('unknown-model', usage)).toBeNull();
  });

  it('says where each price comes from and when it was read', () => {
    for (const entry of PRICE_TABLE.prices) {
      expect(entry.source, entry.model).toMatch(/\S/);
      expect(entry.asOf, entry.model).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('prices uncached input, cache reads, writes by TTL and output separately', () => {
    // 412×3 + 2048×0.3 + 100×3.75 + 200×6 + 87×15 = 4730.4 per million
    expect(estimateCostUsd('claude-sonnet-4-5', usage)).toBeCloseTo(0.0047304, 8);
  });

  it('is only our estimate: a cost the provider reported does not replace it', () => {
    expect(estimateCostUsd('claude-sonnet-4-5', { ...usage, costUsd: 0.007896 })).toBeCloseTo(0.0047304, 8);
    expect(estimateCostUsd('unknown-model', { ...usage, costUsd: 0.007896 })).toBeNull();
    expect(estimateCostUsd('claude-sonnet-4-5', null)).toBeNull();
  });

  it('takes a profile’s own price over the table (a model the table lacks, a negotiated rate)', () => {
    const price = priceSchema.parse({ input: 1, output: 2, cacheRead: 0.1, source: 'our contract', asOf: '2026-12-01' });
    // 412×1 + 2048×0.1 + 300×1 (writes at the input price) + 87×2 = 1090.8 per million
    expect(estimateCostUsd('unknown-model', usage, price)).toBeCloseTo(0.0010908, 8);
    expect(() => priceSchema.parse({ input: -1, output: 2 })).toThrow();
    expect(() => priceSchema.parse({ input: 1, output: 2, asOf: 'yesterday' })).toThrow(/asOf must be a date/);
  });
});
