import { describe, expect, it } from 'vitest';
import { describeCallError, describeCallStatus, isUserCancel } from './call-error-text';

describe('describeCallError', () => {
  it('says a failure after a 2xx status broke a response that had started', () => {
    expect(describeCallError('network', 200)).toBe('network — stream cut after HTTP 200');
    expect(describeCallError('timeout', 200)).toBe('timeout — stream cut after HTTP 200');
    expect(describeCallError('overloaded', 200)).toBe('overloaded — inside the response, after HTTP 200');
  });

  it('keeps kind and status for error statuses, and the kind alone without one', () => {
    expect(describeCallError('rate_limit', 429)).toBe('rate_limit 429');
    expect(describeCallError('network', null)).toBe('network');
  });

  it('says the status alone the same way (error artifact headings)', () => {
    expect(describeCallStatus('network', 200)).toBe('stream cut after HTTP 200');
    expect(describeCallStatus('rate_limit', 429)).toBe('HTTP 429');
  });

  it('tells a user cancel from an error', () => {
    expect(isUserCancel('cancelled')).toBe(true);
    expect(isUserCancel('network')).toBe(false);
    expect(isUserCancel(null)).toBe(false);
  });
});
