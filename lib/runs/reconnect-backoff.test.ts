import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect-backoff';

describe('reconnectDelayMs', () => {
  it('doubles from the base up to the cap', () => {
    const top = (attempt: number) => reconnectDelayMs(attempt, { baseMs: 1000, capMs: 30_000, random: () => 1 });
    expect([0, 1, 2, 3, 4, 5, 6, 50, 5000].map(top)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('jitters within the upper half of the ceiling, never below it', () => {
    expect(reconnectDelayMs(3, { baseMs: 1000, random: () => 0 })).toBe(4000);
    expect(reconnectDelayMs(3, { baseMs: 1000, random: () => 0.5 })).toBe(6000);
    for (let i = 0; i < 200; i++) {
      const delay = reconnectDelayMs(10);
      expect(delay).toBeGreaterThanOrEqual(15_000);
      expect(delay).toBeLessThanOrEqual(30_000);
    }
  });

  it('treats a negative attempt as the first', () => {
    expect(reconnectDelayMs(-3, { random: () => 1 })).toBe(1000);
  });
});
