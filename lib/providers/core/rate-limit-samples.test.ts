import { describe, expect, it } from 'vitest';
import { rateLimitSamples } from './rate-limit-samples';
import { parseEpoch, parseGoDurationMs, parseRfc3339 } from './rate-limit-reset';

const at = Date.parse('2026-12-07T10:00:00.000Z');

describe('reset formats', () => {
  it('reads Go durations as OpenAI sends them', () => {
    expect(parseGoDurationMs('20ms')).toBe(20);
    expect(parseGoDurationMs('1s')).toBe(1000);
    expect(parseGoDurationMs('6m0s')).toBe(360_000);
    expect(parseGoDurationMs('8.64s')).toBe(8640);
    expect(parseGoDurationMs('1h2m3.5s')).toBe(3_723_500);
    expect(parseGoDurationMs('0s')).toBe(0);
    for (const bad of ['', '1.5', 's', '6 m', '-1s', '1d', 'soon', '1s1']) expect(parseGoDurationMs(bad), bad).toBeNull();
  });

  it('reads RFC 3339 instants and Unix times strictly', () => {
    expect(parseRfc3339('2026-12-07T10:00:30Z')).toBe(at + 30_000);
    expect(parseRfc3339('2026-12-07T11:00:30.5+01:00')).toBe(at + 30_500);
    for (const bad of ['2026-12-07', 'Mon, 07 Dec 2026 10:00:30 GMT', '1765101630', '2026-13-45T99:99:99Z'])
      expect(parseRfc3339(bad), bad).toBeNull();
    expect(parseEpoch('1765101630000')).toBe(1_765_101_630_000);
    expect(parseEpoch('1765101630')).toBe(1_765_101_630_000);
    for (const bad of ['', '17651016.3', 'tomorrow', '-5']) expect(parseEpoch(bad), bad).toBeNull();
  });
});

describe('rateLimitSamples', () => {
  it('OpenAI: requests and tokens, resets as durations from the response', () => {
    // A Chat Completions response as recorded (the *_usage_based variants are not a dimension we chart).
    const headers = {
      'x-ratelimit-limit-requests': '5000',
      'x-ratelimit-limit-tokens': '160000',
      'x-ratelimit-limit-tokens_usage_based': '160000',
      'x-ratelimit-remaining-requests': '4999',
      'x-ratelimit-remaining-tokens': '159976',
      'x-ratelimit-remaining-tokens_usage_based': '159976',
      'x-ratelimit-reset-requests': '12ms',
      'x-ratelimit-reset-tokens': '6m0s',
    };
    expect(rateLimitSamples(headers, 'openai-chat', at)).toEqual([
      { dimension: 'requests', limit: 5000, remaining: 4999, resetAt: at + 12 },
      { dimension: 'tokens', limit: 160000, remaining: 159976, resetAt: at + 360_000 },
    ]);
    expect(rateLimitSamples(headers, 'openai-responses', at)).toHaveLength(2);
  });

  it('Anthropic: four dimensions, RFC 3339 resets; a 429 gives retry-after beside them', () => {
    const headers = {
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-12-07T10:00:01Z',
      'anthropic-ratelimit-tokens-limit': '30000',
      'anthropic-ratelimit-tokens-remaining': '29000',
      'anthropic-ratelimit-tokens-reset': '2026-12-07T10:00:02Z',
      'anthropic-ratelimit-input-tokens-limit': '30000',
      'anthropic-ratelimit-input-tokens-remaining': '29000',
      'anthropic-ratelimit-input-tokens-reset': '2026-12-07T10:00:02Z',
      'anthropic-ratelimit-output-tokens-limit': '8000',
      'anthropic-ratelimit-output-tokens-remaining': '8000',
      'anthropic-ratelimit-output-tokens-reset': '2026-12-07T10:00:00Z',
      'retry-after': '1',
    };
    expect(rateLimitSamples(headers, 'anthropic-messages', at)).toEqual([
      { dimension: 'requests', limit: 50, remaining: 0, resetAt: at + 1000 },
      { dimension: 'tokens', limit: 30000, remaining: 29000, resetAt: at + 2000 },
      { dimension: 'input-tokens', limit: 30000, remaining: 29000, resetAt: at + 2000 },
      { dimension: 'output-tokens', limit: 8000, remaining: 8000, resetAt: at },
    ]);
  });

  it('OpenRouter: nothing on a successful response; its own 429 gives a request limit with a reset in epoch milliseconds', () => {
    expect(rateLimitSamples({}, 'openrouter', at)).toEqual([]);
    const refused = { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(at + 45_000) };
    expect(rateLimitSamples(refused, 'openrouter', at)).toEqual([{ dimension: 'requests', limit: 20, remaining: 0, resetAt: at + 45_000 }]);
    // OpenAI's names mean nothing on the OpenRouter runtime, and the other way round.
    expect(rateLimitSamples({ 'x-ratelimit-limit-requests': '5000' }, 'openrouter', at)).toEqual([]);
    expect(rateLimitSamples(refused, 'openai-chat', at)).toEqual([]);
  });

  it('an exhausted dimension without a reset is replenished by retry-after at the latest', () => {
    expect(rateLimitSamples({ 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'retry-after': '30' }, 'openrouter', at)).toEqual([
      { dimension: 'requests', limit: 20, remaining: 0, resetAt: at + 30_000 },
    ]);
    expect(rateLimitSamples({ 'x-ratelimit-remaining-tokens': '0', 'retry-after-ms': '250' }, 'openai-chat', at)).toEqual([
      { dimension: 'tokens', limit: null, remaining: 0, resetAt: at + 250 },
    ]);
    // Not exhausted: retry-after says nothing about this dimension.
    expect(rateLimitSamples({ 'x-ratelimit-remaining-tokens': '10', 'retry-after': '5' }, 'openai-chat', at)).toEqual([
      { dimension: 'tokens', limit: null, remaining: 10, resetAt: null },
    ]);
  });

  it('leaves malformed values out and never throws', () => {
    const headers = {
      'x-ratelimit-limit-requests': '-1',
      'x-ratelimit-remaining-requests': 'lots',
      'x-ratelimit-limit-tokens': '4000000',
      'x-ratelimit-remaining-tokens': '12.5',
      'x-ratelimit-reset-tokens': 'in a while',
      'retry-after': '\u0000\r\nnot a date',
    };
    expect(rateLimitSamples(headers, 'openai-chat', at)).toEqual([{ dimension: 'tokens', limit: 4000000, remaining: null, resetAt: null }]);
    expect(
      rateLimitSamples(
        { 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-reset': 'tomorrow' },
        'anthropic-messages',
        at,
      ),
    ).toEqual([{ dimension: 'requests', limit: 50, remaining: null, resetAt: null }]);
    expect(rateLimitSamples({ 'x-ratelimit-limit-requests': '99999999999999999999' }, 'openai-chat', at)).toEqual([]);
    // A reset no Date (or no rate limit) has: unknown, not an invalid date that would fail the write.
    expect(rateLimitSamples({ 'x-ratelimit-limit': '20', 'x-ratelimit-reset': '9999999999999999' }, 'openrouter', at)).toEqual([
      { dimension: 'requests', limit: 20, remaining: null, resetAt: null },
    ]);
    expect(rateLimitSamples({ 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '99999999h' }, 'openai-chat', at)).toEqual([
      { dimension: 'tokens', limit: null, remaining: 0, resetAt: null },
    ]);
    expect(rateLimitSamples({ 'X-RateLimit-Remaining-Requests': '7' }, 'openai-chat', at)).toEqual([
      { dimension: 'requests', limit: null, remaining: 7, resetAt: null },
    ]);
    expect(rateLimitSamples({}, 'not-a-runtime' as never, at)).toEqual([]);
  });
});
