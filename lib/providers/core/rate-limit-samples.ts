/**
 * A response's rate-limit headers → one sample per quota dimension it reports: the limit, what
 * remains of it, and when it is replenished. Each provider's names and reset formats:
 *
 * - OpenAI (Chat Completions, Responses): `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`;
 *   the reset is a Go duration from the response ("20ms", "6m0s"): the time until the budget is
 *   back to its limit.
 * - Anthropic: `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`;
 *   the reset is an RFC 3339 instant. `tokens` is the most restrictive token limit in effect.
 * - OpenRouter sends no rate-limit headers on successful responses. When it refuses a request for a
 *   limit of its own (429), it sends `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
 *   `X-RateLimit-Reset` (Unix time in milliseconds), a request limit; some 429s carry them in the
 *   error body's `metadata.headers` instead (read into the same record by classify-error.ts). Its
 *   credit balance is no header at all (`GET /api/v1/key`), so it is not sampled here.
 *
 * `retry-after` (seconds or an HTTP date) and `retry-after-ms` say when to try again: an exhausted
 * dimension (remaining 0) that gives no reset of its own is replenished by then at the latest.
 *
 * Pure: headers (names lower-cased, as `rateLimitHeaders` keeps them), the runtime and when they
 * were received in, samples out. Values that do not parse are left out (null), never guessed.
 */
import { parseEpoch, parseGoDurationMs, parseRfc3339 } from './rate-limit-reset';
import { parseRetryAfterMs } from './retry-after';
import type { RuntimeId } from './types';

export const QUOTA_DIMENSIONS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;
export type QuotaDimension = (typeof QUOTA_DIMENSIONS)[number];

export type RateLimitSample = {
  dimension: QuotaDimension;
  limit: number | null;
  remaining: number | null;
  /** Epoch milliseconds. */
  resetAt: number | null;
};

type HeaderFamily = {
  dimensions: readonly QuotaDimension[];
  names(dimension: QuotaDimension): { limit: string; remaining: string; reset: string };
  resetAt(value: string, observedAt: number): number | null;
};

const OPENAI: HeaderFamily = {
  dimensions: ['requests', 'tokens'],
  names: (dimension) => ({
    limit: `x-ratelimit-limit-${dimension}`,
    remaining: `x-ratelimit-remaining-${dimension}`,
    reset: `x-ratelimit-reset-${dimension}`,
  }),
  resetAt: (value, observedAt) => {
    const ms = parseGoDurationMs(value);
    return ms === null ? null : observedAt + ms;
  },
};

const ANTHROPIC: HeaderFamily = {
  dimensions: QUOTA_DIMENSIONS,
  names: (dimension) => ({
    limit: `anthropic-ratelimit-${dimension}-limit`,
    remaining: `anthropic-ratelimit-${dimension}-remaining`,
    reset: `anthropic-ratelimit-${dimension}-reset`,
  }),
  resetAt: (value) => parseRfc3339(value),
};

const OPENROUTER: HeaderFamily = {
  dimensions: ['requests'],
  names: () => ({ limit: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset' }),
  resetAt: (value) => parseEpoch(value),
};

const FAMILIES: Record<RuntimeId, HeaderFamily> = {
  'openai-chat': OPENAI,
  'openai-responses': OPENAI,
  'anthropic-messages': ANTHROPIC,
  openrouter: OPENROUTER,
};

/** A count as providers send it: digits only (Azure's "-1" for "no limit" is not one). */
function count(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d{1,15}\s*$/.test(value)) return null;
  return Number(value);
}

/** A reset further than this from the response is no reading of a rate limit (the longest, monthly spend caps, are within it). */
const MAX_RESET_DISTANCE_MS = 366 * 24 * 3_600_000;

function plausible(resetAt: number | null, observedAt: number): number | null {
  return resetAt !== null && Number.isFinite(resetAt) && Math.abs(resetAt - observedAt) <= MAX_RESET_DISTANCE_MS ? resetAt : null;
}

export function rateLimitSamples(headers: Record<string, string>, runtime: RuntimeId, observedAt: number): RateLimitSample[] {
  const family = FAMILIES[runtime];
  if (!family) return [];
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') lower[name.toLowerCase()] = value;
  const retryAfterMs = parseRetryAfterMs({ get: (name) => lower[name] ?? null }, observedAt);
  const samples: RateLimitSample[] = [];
  for (const dimension of family.dimensions) {
    const names = family.names(dimension);
    const limit = count(lower[names.limit]);
    const remaining = count(lower[names.remaining]);
    if (limit === null && remaining === null) continue;
    const reset = lower[names.reset];
    let resetAt = reset === undefined ? null : plausible(family.resetAt(reset, observedAt), observedAt);
    if (resetAt === null && remaining === 0 && retryAfterMs !== null) resetAt = plausible(observedAt + retryAfterMs, observedAt);
    samples.push({ dimension, limit, remaining, resetAt });
  }
  return samples;
}
