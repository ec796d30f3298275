import { describe, expect, it } from 'vitest';
import { cooldownBands, mergeCooldowns } from './cooldowns';

const t0 = Date.parse('2026-12-07T10:00:00.000Z');
const refusal = (seconds: number, retryAfterMs: number, model = 'm1') => ({
  endedAt: new Date(t0 + seconds * 1000),
  retryAfterMs,
  provider: 'simulator',
  model,
});
const iso = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();

describe('mergeCooldowns', () => {
  it('merges overlapping and touching waits of one provider and model; keeps others apart; latest first', () => {
    expect(mergeCooldowns([refusal(0, 2000), refusal(1, 3000), refusal(4, 1000), refusal(10, 1000), refusal(0.5, 1000, 'm2')], 10)).toEqual(
      [
        { from: iso(10), to: iso(11), provider: 'simulator', model: 'm1', refusals: 1 },
        { from: iso(0.5), to: iso(1.5), provider: 'simulator', model: 'm2', refusals: 1 },
        { from: iso(0), to: iso(5), provider: 'simulator', model: 'm1', refusals: 3 },
      ],
    );
  });

  it('leaves out refusals without a wait and keeps at most `limit`', () => {
    expect(mergeCooldowns([refusal(0, 0), refusal(5, 1000), refusal(10, 1000)], 1)).toEqual([
      { from: iso(10), to: iso(11), provider: 'simulator', model: 'm1', refusals: 1 },
    ]);
  });
});

describe('cooldownBands', () => {
  it('joins neighbouring buckets with a cooldown into one band', () => {
    const points = [0, 3, 60, 0, 0, 1, 0, 2].map((cooldownSeconds) => ({ cooldownSeconds }));
    expect(cooldownBands(points)).toEqual([
      { startIndex: 1, endIndex: 2 },
      { startIndex: 5, endIndex: 5 },
      { startIndex: 7, endIndex: 7 },
    ]);
    expect(cooldownBands([])).toEqual([]);
  });
});
