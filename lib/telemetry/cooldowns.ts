// Cooldowns: the time a provider asked us to wait after refusing for a rate limit (the 429's
// retry-after, "ProviderCall"."retryAfterMs" from the end of the attempt). Overlapping or touching
// ones of one provider and model merge into one: a chart draws a few spans, not one per refusal.
import type { QuotaCooldown } from './types';

export type Refusal = { endedAt: Date; retryAfterMs: number; provider: string; model: string };

/** Merged cooldowns, latest first, at most `limit` of them. */
export function mergeCooldowns(refusals: readonly Refusal[], limit: number): QuotaCooldown[] {
  const byScope = new Map<string, Refusal[]>();
  for (const refusal of refusals) {
    if (!(refusal.retryAfterMs > 0)) continue;
    const scope = `${refusal.provider}\u0000${refusal.model}`;
    byScope.set(scope, [...(byScope.get(scope) ?? []), refusal]);
  }
  const merged: Array<{ from: number; to: number; provider: string; model: string; refusals: number }> = [];
  for (const list of byScope.values()) {
    const sorted = [...list].sort((a, b) => a.endedAt.getTime() - b.endedAt.getTime());
    let current: (typeof merged)[number] | null = null;
    for (const refusal of sorted) {
      const from = refusal.endedAt.getTime();
      const to = from + refusal.retryAfterMs;
      if (current && from <= current.to) {
        current.to = Math.max(current.to, to);
        current.refusals += 1;
      } else {
        current = { from, to, provider: refusal.provider, model: refusal.model, refusals: 1 };
        merged.push(current);
      }
    }
  }
  return merged
    .sort((a, b) => b.from - a.from)
    .slice(0, limit)
    .map((span) => ({ ...span, from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString() }));
}

/** Runs of buckets with a cooldown, by index (both ends included): the spans a chart shades. */
export function cooldownBands(points: ReadonlyArray<{ cooldownSeconds: number }>): Array<{ startIndex: number; endIndex: number }> {
  const bands: Array<{ startIndex: number; endIndex: number }> = [];
  points.forEach((point, index) => {
    if (!(point.cooldownSeconds > 0)) return;
    const last = bands.at(-1);
    if (last && last.endIndex === index - 1) last.endIndex = index;
    else bands.push({ startIndex: index, endIndex: index });
  });
  return bands;
}
