import { describe, expect, it } from 'vitest';
import { alertIntervalFromEnv, DEFAULT_ALERT_INTERVAL_MS } from './evaluator';

describe('SWITCHBOARD_ALERT_INTERVAL_MS', () => {
  it('sets the evaluation interval; 0 turns it off; nonsense keeps the default', () => {
    expect(alertIntervalFromEnv({})).toBe(DEFAULT_ALERT_INTERVAL_MS);
    expect(alertIntervalFromEnv({ SWITCHBOARD_ALERT_INTERVAL_MS: '500' })).toBe(500);
    expect(alertIntervalFromEnv({ SWITCHBOARD_ALERT_INTERVAL_MS: '0' })).toBe(0);
    expect(alertIntervalFromEnv({ SWITCHBOARD_ALERT_INTERVAL_MS: '5' })).toBe(100);
    expect(alertIntervalFromEnv({ SWITCHBOARD_ALERT_INTERVAL_MS: 'soon' })).toBe(DEFAULT_ALERT_INTERVAL_MS);
    expect(alertIntervalFromEnv({ SWITCHBOARD_ALERT_INTERVAL_MS: '-1' })).toBe(DEFAULT_ALERT_INTERVAL_MS);
  });
});
