import { describe, expect, it } from 'vitest';
import {
  formatBucketRange,
  formatBucketWidth,
  formatDuration,
  formatMs,
  formatPercent,
  formatTick,
  formatUsd,
  formatUtc,
  formatUtcTime,
} from './format';

describe('telemetry formatting', () => {
  it('formats numbers', () => {
    expect(formatPercent(0.8421)).toBe('84.2%');
    expect(formatPercent(null)).toBe('—');
    expect(formatMs(1234.4)).toBe('1,234 ms');
    expect(formatUsd(0.03)).toBe('$0.0300');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(0)).toBe('$0');
  });

  it('formats times in UTC', () => {
    expect(formatTick('2026-11-26T10:15:00.000Z', 86_400, 900)).toBe('10:15');
    expect(formatTick('2026-11-26T10:00:00.000Z', 7 * 86_400, 7200)).toBe('11-26 10:00');
    expect(formatTick('2026-11-26T00:00:00.000Z', 300 * 86_400, 86_400)).toBe('11-26');
    expect(formatBucketRange('2026-11-26T10:00:00.000Z', 900)).toBe('2026-11-26 10:00–10:15');
    expect(formatBucketRange('2026-11-26T12:00:00.000Z', 43_200)).toBe('2026-11-26 12:00 – 2026-11-27 00:00');
    expect(formatBucketRange('2026-11-26T12:00:00.000Z', 43_200, 'short')).toBe('11-26 12:00 – 11-27 00:00');
    expect(formatBucketRange('2026-11-26T10:00:00.000Z', 900, 'short')).toBe('11-26 10:00–10:15');
    expect(formatBucketRange('2026-11-26T23:59:00.000Z', 60, 'time')).toBe('23:59–00:00');
    expect(formatUtc('2026-11-26T10:07:59.000Z')).toBe('2026-11-26 10:07 UTC');
    expect(formatUtcTime('2026-11-26T10:07:59.600Z')).toBe('10:07:59 UTC');
    expect([0, 40_400, 89_000, 95_000, 3_600_000, 9_000_000, 3 * 86_400_000].map(formatDuration)).toEqual([
      '0 s',
      '40 s',
      '89 s',
      '2 min',
      '60 min',
      '2.5 h',
      '3 days',
    ]);
  });

  it('names bucket widths', () => {
    expect([60, 900, 7200, 43_200, 86_400, 604_800].map(formatBucketWidth)).toEqual([
      '1-minute',
      '15-minute',
      '2-hour',
      '12-hour',
      '1-day',
      '1-week',
    ]);
  });
});
