import { describe, expect, it } from 'vitest';
import { labelEvery, linePath, linearScale, niceTicks } from './chart-scale';

describe('niceTicks', () => {
  it('covers the maximum with round steps from zero', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0.0123)).toEqual([0, 0.005, 0.01, 0.015]);
    expect(niceTicks(12_345)).toEqual([0, 5000, 10_000, 15_000]);
  });

  it('gives a usable axis for empty or invalid maxima', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
    expect(niceTicks(-3)).toEqual([0, 1]);
  });

  it('always ends at or above the maximum', () => {
    for (const max of [0.3, 3, 9.99, 101, 999, 4321, 1e6 + 1]) {
      const ticks = niceTicks(max);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });
});

describe('linearScale', () => {
  it('maps 0 to the bottom and the maximum to the top, clamping outside values', () => {
    const y = linearScale(10, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(10)).toBe(0);
    expect(y(5)).toBe(100);
    expect(y(20)).toBe(0);
    expect(y(-1)).toBe(200);
  });
});

describe('linePath', () => {
  it('breaks the line at missing values', () => {
    const path = linePath([1, 2, null, 4, 5], (index) => index * 10, (value) => 100 - value);
    expect(path).toBe('M0 99L10 98M30 96L40 95');
  });

  it('is empty without values', () => {
    expect(linePath([null, null], (index) => index, (value) => value)).toBe('');
  });
});

describe('labelEvery', () => {
  it('skips columns until a label fits', () => {
    expect(labelEvery(80, 60)).toBe(1);
    expect(labelEvery(10, 60)).toBe(6);
    expect(labelEvery(0, 60)).toBeGreaterThan(1000);
  });
});
