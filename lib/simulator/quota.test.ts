import { describe, expect, it } from 'vitest';
import { QuotaLedger, quotaKey, quotaLimits } from './quota';
import { goDuration, rateLimitHeaders, rfc3339In } from './rate-limit-headers';

const t0 = Date.parse('2026-12-07T10:00:00.000Z');

describe('QuotaLedger', () => {
  const key = quotaKey('openai', 'sk-test', 'sim-gpt');
  const limits = { requests: 60, tokens: 6000 };

  it('takes a request on admission and the tokens of the response; replenishes a whole limit a minute', () => {
    const ledger = new QuotaLedger();
    expect(ledger.admit(key, limits, t0)).toBeNull();
    ledger.charge(key, limits, { inputTokens: 1000, outputTokens: 500 }, t0);
    expect(ledger.state(key, limits, t0)).toEqual({
      requests: { limit: 60, remaining: 59, msUntilFull: 1000 },
      tokens: { limit: 6000, remaining: 4500, msUntilFull: 15_000 },
    });
    // 6 s later: 6 requests and 600 tokens have come back (a request's worth is capped at the limit).
    expect(ledger.state(key, limits, t0 + 6000)).toEqual({
      requests: { limit: 60, remaining: 60, msUntilFull: 0 },
      tokens: { limit: 6000, remaining: 5100, msUntilFull: 9000 },
    });
  });

  it('refuses once tokens are spent, for as long as they take to come back; a refusal takes nothing', () => {
    const ledger = new QuotaLedger();
    expect(ledger.admit(key, limits, t0)).toBeNull();
    ledger.charge(key, limits, { inputTokens: 6000, outputTokens: 600 }, t0);
    expect(ledger.admit(key, limits, t0)).toEqual({ dimension: 'tokens', limit: 6000, used: 6000, retryAfterMs: 6010 });
    expect(ledger.admit(key, limits, t0)).toEqual({ dimension: 'tokens', limit: 6000, used: 6000, retryAfterMs: 6010 });
    expect(ledger.state(key, limits, t0).requests!.remaining).toBe(59);
    expect(ledger.admit(key, limits, t0 + 6010)).toBeNull();
  });

  it('refuses when no request is left', () => {
    const ledger = new QuotaLedger();
    const two = { requests: 2 };
    expect(ledger.admit(key, two, t0)).toBeNull();
    expect(ledger.admit(key, two, t0)).toBeNull();
    expect(ledger.admit(key, two, t0 + 1000)).toEqual({ dimension: 'requests', limit: 2, used: 2, retryAfterMs: 29_000 });
  });

  it('keeps one budget per key and model; other limits start it again, full', () => {
    const ledger = new QuotaLedger();
    ledger.admit(key, limits, t0);
    ledger.charge(key, limits, { inputTokens: 3000, outputTokens: 0 }, t0);
    expect(ledger.state(quotaKey('openai', 'sk-test', 'other-model'), limits, t0).tokens!.remaining).toBe(6000);
    expect(ledger.state(quotaKey('openai', 'sk-other', 'sim-gpt'), limits, t0).tokens!.remaining).toBe(6000);
    expect(ledger.state(key, { requests: 60, tokens: 9000 }, t0).tokens!.remaining).toBe(9000);
  });

  it('limits from drain_quota, or the defaults (none for OpenRouter)', () => {
    expect(quotaLimits('openai', null)).toEqual({ requests: 5000, tokens: 4_000_000 });
    expect(quotaLimits('openai', { rpm: '30', tpm: '5000' })).toEqual({ requests: 30, tokens: 5000 });
    expect(quotaLimits('anthropic', null)).toEqual({ requests: 4000, 'input-tokens': 2_000_000, 'output-tokens': 400_000 });
    expect(quotaLimits('anthropic', { tpm: '5000' })).toEqual({ requests: 4000, 'input-tokens': 5000, 'output-tokens': 1250 });
    expect(quotaLimits('anthropic', { tpm: '5000', otpm: '900' })).toEqual({ requests: 4000, 'input-tokens': 5000, 'output-tokens': 900 });
    expect(quotaLimits('openrouter', null)).toEqual({});
    expect(quotaLimits('openrouter', { rpm: '20', tpm: '5000' })).toEqual({ requests: 20 });
  });
});

describe('rate-limit headers', () => {
  it('writes durations as Go (OpenAI) and instants as RFC 3339 in whole seconds (Anthropic)', () => {
    expect([0, 12, 999, 1000, 8640, 60_000, 360_000, 3_723_500].map(goDuration)).toEqual([
      '0ms',
      '12ms',
      '999ms',
      '1s',
      '8.64s',
      '1m0s',
      '6m0s',
      '1h2m3.5s',
    ]);
    expect(rfc3339In(1500, t0)).toBe('2026-12-07T10:00:02Z');
    expect(rfc3339In(0, t0)).toBe('2026-12-07T10:00:00Z');
  });

  it('OpenAI: requests and tokens', () => {
    const state = {
      requests: { limit: 60, remaining: 59, msUntilFull: 1000 },
      tokens: { limit: 6000, remaining: 4500, msUntilFull: 15_000 },
    };
    expect(rateLimitHeaders('openai', state, t0)).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-limit-tokens': '6000',
      'x-ratelimit-remaining-tokens': '4500',
      'x-ratelimit-reset-tokens': '15s',
    });
  });

  it('Anthropic: input, output, requests, and tokens as the most restrictive of input and output', () => {
    const state = {
      requests: { limit: 50, remaining: 49, msUntilFull: 1200 },
      'input-tokens': { limit: 30000, remaining: 27000, msUntilFull: 6000 },
      'output-tokens': { limit: 8000, remaining: 4000, msUntilFull: 30_000 },
    };
    const headers = rateLimitHeaders('anthropic', state, t0);
    expect(headers).toMatchObject({
      'anthropic-ratelimit-requests-remaining': '49',
      'anthropic-ratelimit-requests-reset': '2026-12-07T10:00:02Z',
      'anthropic-ratelimit-input-tokens-remaining': '27000',
      'anthropic-ratelimit-output-tokens-limit': '8000',
      'anthropic-ratelimit-tokens-limit': '8000',
      'anthropic-ratelimit-tokens-remaining': '4000',
      'anthropic-ratelimit-tokens-reset': '2026-12-07T10:00:30Z',
    });
    expect(Object.keys(headers)).toHaveLength(12);
  });

  it('OpenRouter: none (it sends none on successful responses)', () => {
    expect(rateLimitHeaders('openrouter', { requests: { limit: 20, remaining: 19, msUntilFull: 3000 } }, t0)).toEqual({});
  });
});
