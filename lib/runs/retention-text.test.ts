import { describe, expect, it } from 'vitest';
import { retentionSentence } from './retention-text';

describe('retentionSentence', () => {
  it('says from when runs are kept and by which setting', () => {
    expect(retentionSentence({ removedBefore: '2026-10-01T00:00:00.000Z', retentionDays: 30 })).toBe(
      'Runs created before 2026-10-01 (UTC) were removed by retention (SWITCHBOARD_RETENTION_DAYS=30); the telemetry charts keep their totals.',
    );
  });
});
