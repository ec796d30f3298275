import { describe, expect, it } from 'vitest';
import { readRetentionDays } from './retention-setting';

describe('SWITCHBOARD_RETENTION_DAYS', () => {
  it('unset or empty keeps every run', () => {
    expect(readRetentionDays({})).toBeNull();
    expect(readRetentionDays({ SWITCHBOARD_RETENTION_DAYS: '  ' })).toBeNull();
  });

  it('is a whole number of days', () => {
    expect(readRetentionDays({ SWITCHBOARD_RETENTION_DAYS: '90' })).toBe(90);
    expect(readRetentionDays({ SWITCHBOARD_RETENTION_DAYS: ' 1 ' })).toBe(1);
  });

  it.each(['0', '-3', '1.5', '30d', 'forever', '99999999999999999999'])('refuses %s, saying what it takes', (value) => {
    expect(() => readRetentionDays({ SWITCHBOARD_RETENTION_DAYS: value })).toThrow(/whole number of days \(at least 1\), or unset/);
  });
});
