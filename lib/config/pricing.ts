import type { Usage } from '@/lib/providers/core/types';

/** USD per million tokens. Cache writes default to 1.25× input (Anthropic 5-minute TTL), 2× for 1 hour. */
export type Price = { input: number; cachedInput: number; output: number; cacheWrite5m?: number; cacheWrite1h?: number };

/** List prices (USD / 1M tokens) as published by the providers; matched by longest model-name prefix. */
const PRICE_TABLE: Record<string, Price> = {
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'claude-opus-4': { input: 15, cachedInput: 1.5, output: 75, cacheWrite5m: 18.75, cacheWrite1h: 30 },
  'claude-sonnet-4': { input: 3, cachedInput: 0.3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6 },
  'claude-3-7-sonnet': { input: 3, cachedInput: 0.3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6 },
  'claude-haiku-4': { input: 1, cachedInput: 0.1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2 },
  'claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, output: 4, cacheWrite5m: 1, cacheWrite1h: 1.6 },
  // The simulator's models, priced like their namesakes so that cost charts have something to show.
  'sim-gpt': { input: 2, cachedInput: 0.5, output: 8 },
  'sim-o': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  'sim-claude': { input: 3, cachedInput: 0.3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6 },
};

export function priceFor(model: string): Price | null {
  const name = model.includes('/') ? model.slice(model.indexOf('/') + 1) : model;
  let best: string | null = null;
  for (const prefix of Object.keys(PRICE_TABLE)) {
    if (name.startsWith(prefix) && (!best || prefix.length > best.length)) best = prefix;
  }
  return best ? PRICE_TABLE[best]! : null;
}

/** The provider's own figure when it reports one (OpenRouter), else an estimate from the table; null when unknown. */
export function estimateCostUsd(model: string, usage: Usage | null): number | null {
  if (!usage) return null;
  if (usage.costUsd !== null) return usage.costUsd;
  const price = priceFor(model);
  if (!price) return null;
  const write1h = usage.cacheWrite1hTokens ?? 0;
  const write5m = usage.cacheWrite5mTokens ?? Math.max(0, (usage.cacheWriteTokens ?? 0) - write1h);
  const uncached = usage.inputNoCacheTokens ?? usage.inputTokens ?? 0;
  const dollars =
    uncached * price.input +
    (usage.cacheReadTokens ?? 0) * price.cachedInput +
    write5m * (price.cacheWrite5m ?? price.input * 1.25) +
    write1h * (price.cacheWrite1h ?? price.input * 2) +
    (usage.outputTokens ?? 0) * price.output;
  return Math.round((dollars / 1_000_000) * 1e8) / 1e8;
}
