/**
 * The three ways providers say when a rate limit is replenished, each read strictly: a value that
 * does not match its form is null (unknown), never a guess.
 */

const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns))+$/;
const GO_PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/** OpenAI `x-ratelimit-reset-*`: a Go duration from now — "20ms", "1s", "6m0s", "1h2m3.5s". */
export function parseGoDurationMs(value: string): number | null {
  const text = value.trim();
  if (!GO_DURATION.test(text)) return null;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(GO_PART)) total += Number(amount) * UNIT_MS[unit!]!;
  return Number.isFinite(total) ? Math.round(total) : null;
}

const RFC_3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i;

/** Anthropic `anthropic-ratelimit-*-reset`: an RFC 3339 instant ("2026-12-07T10:00:30Z"). */
export function parseRfc3339(value: string): number | null {
  const text = value.trim();
  if (!RFC_3339.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}

/** Epoch milliseconds from this many digits on (13): fewer are epoch seconds (10 until the year 2286). */
const EPOCH_MS_FROM = 1e12;

/** OpenRouter `X-RateLimit-Reset`: a Unix time, in milliseconds (as it sends it) or in seconds. */
export function parseEpoch(value: string): number | null {
  const text = value.trim();
  if (!/^\d{1,16}$/.test(text)) return null;
  const number = Number(text);
  return number >= EPOCH_MS_FROM ? number : number * 1000;
}
