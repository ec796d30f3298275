import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs, rateLimitHeaders, requestIdFrom } from './retry-after';

describe('parseRetryAfterMs', () => {
  it('prefers retry-after-ms, then seconds, then an HTTP date', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '2' }))).toBe(1500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '17' }))).toBe(17_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '0.5' }))).toBe(500);
    const now = Date.parse('2026-11-24T00:00:00Z');
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Tue, 24 Nov 2026 00:00:30 GMT' }), now)).toBe(30_000);
  });

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfterMs(new Headers())).toBeNull();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': 'x', 'retry-after': '3' }))).toBe(3000);
  });
});

describe('response headers', () => {
  it('collects rate-limit headers and the request id of either provider', () => {
    const headers = new Headers({
      'x-ratelimit-remaining-requests': '4999',
      'anthropic-ratelimit-input-tokens-remaining': '0',
      'content-type': 'application/json',
      'request-id': 'req_011',
    });
    expect(rateLimitHeaders(headers)).toEqual({
      'x-ratelimit-remaining-requests': '4999',
      'anthropic-ratelimit-input-tokens-remaining': '0',
    });
    expect(requestIdFrom(headers)).toBe('req_011');
    expect(requestIdFrom(new Headers({ 'x-request-id': 'req_a' }))).toBe('req_a');
  });
});
