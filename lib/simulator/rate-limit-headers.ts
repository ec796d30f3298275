/**
 * What is left of a key's limits (quota.ts), in each provider's header names and formats:
 * - OpenAI: `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, the reset a Go duration until
 *   the limit is whole again ("12ms", "6m0s", "8.64s");
 * - Anthropic: `anthropic-ratelimit-{requests,input-tokens,output-tokens,tokens}-{limit,remaining,reset}`,
 *   the reset an RFC 3339 instant (whole seconds); `tokens-*` is the most restrictive token limit;
 * - OpenRouter: none on a successful response (it sends none); its 429 carries
 *   `X-RateLimit-{Limit,Remaining,Reset}` (reset in Unix milliseconds), see quota-refusal.ts.
 */
import type { Family } from './headers';
import type { QuotaDimension, QuotaReading, QuotaState } from './quota';

/** Go's time.Duration notation, as OpenAI prints it: milliseconds below a second, then h/m/s. */
export function goDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Number(((total % 60_000) / 1000).toFixed(3));
  return `${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${seconds}s`;
}

/** An RFC 3339 instant in whole seconds, rounded up (Anthropic's form). */
export function rfc3339In(ms: number, now: number): string {
  return new Date(Math.ceil((now + Math.max(0, ms)) / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function fraction(reading: QuotaReading): number {
  return reading.remaining / reading.limit;
}

/** Anthropic's `tokens`: whichever of the input and output limits has the least room left. */
function mostRestrictiveTokens(state: QuotaState): QuotaReading | undefined {
  const input = state['input-tokens'];
  const output = state['output-tokens'];
  if (!input || !output) return input ?? output;
  return fraction(output) < fraction(input) ? output : input;
}

export function rateLimitHeaders(family: Family, state: QuotaState, now: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (family === 'openai') {
    for (const dimension of ['requests', 'tokens'] as const) {
      const reading = state[dimension];
      if (!reading) continue;
      headers[`x-ratelimit-limit-${dimension}`] = String(reading.limit);
      headers[`x-ratelimit-remaining-${dimension}`] = String(reading.remaining);
      headers[`x-ratelimit-reset-${dimension}`] = goDuration(reading.msUntilFull);
    }
  }
  if (family === 'anthropic') {
    const readings: Array<[QuotaDimension, QuotaReading | undefined]> = [
      ['input-tokens', state['input-tokens']],
      ['output-tokens', state['output-tokens']],
      ['requests', state.requests],
      ['tokens', mostRestrictiveTokens(state)],
    ];
    for (const [dimension, reading] of readings) {
      if (!reading) continue;
      headers[`anthropic-ratelimit-${dimension}-limit`] = String(reading.limit);
      headers[`anthropic-ratelimit-${dimension}-remaining`] = String(reading.remaining);
      headers[`anthropic-ratelimit-${dimension}-reset`] = rfc3339In(reading.msUntilFull, now);
    }
  }
  return headers;
}
