/**
 * Reads how long the provider asks us to wait: `retry-after-ms` (OpenAI), then `retry-after`
 * in seconds or as an HTTP date. Returns milliseconds, or null when absent or unreadable.
 */
export function parseRetryAfterMs(headers: Pick<Headers, 'get'>, now: number = Date.now()): number | null {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

const RATE_LIMIT_HEADER = /^(x-ratelimit-|anthropic-ratelimit-|ratelimit-|retry-after|x-ratelimit)/;

/** The rate-limit headers of a response, names lower-cased. */
export function rateLimitHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (RATE_LIMIT_HEADER.test(name.toLowerCase())) out[name.toLowerCase()] = value;
  });
  return out;
}

/** OpenAI sends `x-request-id`, Anthropic `request-id`; OpenRouter has `x-generation-id`. */
export function requestIdFrom(headers: Headers): string | null {
  return headers.get('x-request-id') ?? headers.get('request-id') ?? headers.get('x-generation-id') ?? null;
}
