import { describe, expect, it } from 'vitest';
import { parseUtcTimeText, utcTimeText } from './utc-time-text';

describe('utcTimeText', () => {
  it('writes an ISO time in 24-hour UTC, to the second or the minute', () => {
    expect(utcTimeText('2025-01-02T15:04:05.678Z')).toBe('2025-01-02 15:04:05');
    expect(utcTimeText('2025-01-02T15:04:05.678Z', 'minutes')).toBe('2025-01-02 15:04');
    expect(utcTimeText('2025-01-02T10:04:05-05:00')).toBe('2025-01-02 15:04:05');
    expect(utcTimeText(new Date(Date.UTC(2025, 11, 31, 23, 59, 0)))).toBe('2025-12-31 23:59:00');
  });

  it('is empty without a time', () => {
    expect(utcTimeText(undefined)).toBe('');
    expect(utcTimeText('yesterday')).toBe('');
  });
});

describe('parseUtcTimeText', () => {
  it('reads a day, a minute or a second in UTC', () => {
    expect(parseUtcTimeText('2025-01-02')).toBe('2025-01-02T00:00:00.000Z');
    expect(parseUtcTimeText('2025-01-02 15:04')).toBe('2025-01-02T15:04:00.000Z');
    expect(parseUtcTimeText(' 2025-01-02 15:04:05 ')).toBe('2025-01-02T15:04:05.000Z');
  });

  it('reads what the address and the datetime-local format hold, and a closing UTC or Z', () => {
    expect(parseUtcTimeText('2025-01-02T15:04')).toBe('2025-01-02T15:04:00.000Z');
    expect(parseUtcTimeText('2025-01-02 15:04 UTC')).toBe('2025-01-02T15:04:00.000Z');
    expect(parseUtcTimeText('2025-01-02T15:04:05Z')).toBe('2025-01-02T15:04:05.000Z');
  });

  it('reads back what it writes', () => {
    const iso = '2031-07-09T08:07:06.000Z';
    expect(parseUtcTimeText(utcTimeText(iso))).toBe(iso);
  });

  it('refuses a 12-hour time, another order, and days or hours that do not exist', () => {
    for (const text of [
      '2025-01-02 3:04 PM',
      '01/02/2025 15:04',
      '2025-1-2 15:04',
      '2025-02-30 10:00',
      '2025-01-02 24:00',
      '2025-01-02 12:60',
      '',
      'now',
    ]) {
      expect(parseUtcTimeText(text), text).toBeNull();
    }
  });
});
