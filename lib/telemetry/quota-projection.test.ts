import { describe, expect, it } from 'vitest';
import { MAX_PROJECTED_BUCKETS, projectedBucketStarts, projectedPct } from './quota-projection';

const t0 = Date.parse('2026-12-07T10:00:00.000Z');
const minute = 60_000;
// 40 % at 10:00:30, falling 10 points a minute: 0 % at 10:04:30.
const series = { latestAt: t0 + 30_000, latestPct: 40, pctPerMinute: 10, exhaustsAt: t0 + 4.5 * minute };

describe('projectedPct', () => {
  it('the latest value in its own bucket, then the rate at each later bucket’s end, down to the first bucket at 0 %', () => {
    const starts = [-1, 0, 1, 2, 3, 4, 5].map((m) => t0 + m * minute);
    expect(starts.map((start) => projectedPct(series, start, minute))).toEqual([null, 40, 25, 15, 5, 0, null]);
    // A bucket that ends past the exhaustion is clamped at 0.
    expect(projectedPct({ ...series, exhaustsAt: t0 + 4.6 * minute, pctPerMinute: 9 }, t0 + 4 * minute, minute)).toBe(0);
  });
});

describe('projectedBucketStarts', () => {
  it('the buckets after the window up to the latest exhaustion, at most a quarter of the window and MAX_PROJECTED_BUCKETS', () => {
    const last = t0;
    expect(projectedBucketStarts(last, minute, 60, [series])).toEqual([1, 2, 3, 4].map((m) => t0 + m * minute));
    expect(projectedBucketStarts(last, minute, 8, [series])).toEqual([1, 2].map((m) => t0 + m * minute));
    expect(projectedBucketStarts(last, minute, 1000, [{ ...series, exhaustsAt: t0 + 600 * minute }])).toHaveLength(MAX_PROJECTED_BUCKETS);
    expect(projectedBucketStarts(last, minute, 60, [])).toEqual([]);
    expect(projectedBucketStarts(last, minute, 60, [{ ...series, exhaustsAt: t0 + 30_000 }])).toEqual([]);
  });
});
