import { describe, expect, it } from 'vitest';
import { bucketRange, bucketStart, bucketStarts, chooseBucketSeconds, fillBuckets, MAX_BUCKETS } from './buckets';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('chooseBucketSeconds', () => {
  it('adapts the bucket to the preset windows', () => {
    expect(chooseBucketSeconds(HOUR)).toBe(60);
    expect(chooseBucketSeconds(DAY)).toBe(15 * 60);
    expect(chooseBucketSeconds(7 * DAY)).toBe(2 * HOUR);
    expect(chooseBucketSeconds(30 * DAY)).toBe(12 * HOUR);
  });

  it('keeps custom windows within MAX_BUCKETS buckets', () => {
    for (const span of [90, 5 * 60, 3 * HOUR, 2 * DAY, 90 * DAY, 365 * DAY]) {
      expect(span / chooseBucketSeconds(span)).toBeLessThanOrEqual(MAX_BUCKETS);
    }
    expect(chooseBucketSeconds(30)).toBe(60);
    expect(chooseBucketSeconds(5000 * DAY)).toBe(7 * DAY);
  });
});

describe('bucketStart and bucketStarts', () => {
  it('aligns buckets like date_bin with the Monday origin', () => {
    expect(bucketStart(new Date('2026-11-26T10:07:31.250Z'), 900).toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(bucketStart(new Date('2026-11-26T13:00:00.000Z'), 12 * HOUR).toISOString()).toBe('2026-11-26T12:00:00.000Z');
    // 2026-11-26 is a Thursday; its week bucket starts on Monday 2026-11-23.
    expect(bucketStart(new Date('2026-11-26T13:00:00.000Z'), 7 * DAY).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(bucketStart(new Date('1999-12-31T23:59:00.000Z'), DAY).toISOString()).toBe('1999-12-31T00:00:00.000Z');
  });

  it('lists every bucket overlapping [from, to)', () => {
    const starts = bucketStarts(new Date('2026-11-26T10:05:00Z'), new Date('2026-11-26T11:00:00Z'), 900);
    expect(starts.map((start) => start.toISOString().slice(11, 16))).toEqual(['10:00', '10:15', '10:30', '10:45']);
    expect(bucketStarts(new Date('2026-11-26T10:00:00Z'), new Date('2026-11-26T10:00:00Z'), 60)).toEqual([]);
  });
});

describe('fillBuckets', () => {
  it('fills missing buckets with the empty value and keeps the rows Postgres returned', () => {
    const window = { from: new Date('2026-11-26T10:00:00Z'), to: new Date('2026-11-26T10:04:00Z'), bucketSeconds: 60 };
    const rows = [
      { bucket: new Date('2026-11-26T10:01:00Z'), calls: 3, ratio: 0.5 },
      { bucket: new Date('2026-11-26T10:03:00Z'), calls: 1, ratio: null },
    ];
    expect(fillBuckets(rows, window, { calls: 0, ratio: null as number | null })).toEqual([
      { bucket: '2026-11-26T10:00:00.000Z', calls: 0, ratio: null },
      { bucket: '2026-11-26T10:01:00.000Z', calls: 3, ratio: 0.5 },
      { bucket: '2026-11-26T10:02:00.000Z', calls: 0, ratio: null },
      { bucket: '2026-11-26T10:03:00.000Z', calls: 1, ratio: null },
    ]);
  });
});

describe('bucketRange', () => {
  it('clamps the first and last bucket to the window', () => {
    const window = { from: '2026-11-26T10:05:00.000Z', to: '2026-11-26T10:50:00.000Z' };
    expect(bucketRange('2026-11-26T10:00:00.000Z', 900, window)).toEqual({
      from: new Date('2026-11-26T10:05:00.000Z'),
      to: new Date('2026-11-26T10:15:00.000Z'),
    });
    expect(bucketRange('2026-11-26T10:30:00.000Z', 900, window)).toEqual({
      from: new Date('2026-11-26T10:30:00.000Z'),
      to: new Date('2026-11-26T10:45:00.000Z'),
    });
    expect(bucketRange('2026-11-26T10:45:00.000Z', 900, window).to).toEqual(new Date('2026-11-26T10:50:00.000Z'));
  });
});
