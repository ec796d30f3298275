import { z } from 'zod';
import type { Usage } from '@/lib/providers/core/types';
import PRICE_TABLE from './price-table.json';

const perMillion = z.number().min(0).max(10_000);

/**
 * USD per million tokens, with where the figures come from. Cache reads and writes have their own
 * prices; Anthropic's 5-minute and 1-hour cache writes differ (without a write price, writes are
 * priced as input: OpenAI does not charge for them and reports none).
 */
export const priceSchema = z.strictObject({
  input: perMillion,
  output: perMillion,
  cacheRead: perMillion.optional(),
  cacheWrite5m: perMillion.optional(),
  cacheWrite1h: perMillion.optional(),
  source: z.string().trim().min(1).max(300).optional(),
  asOf: z.iso.date({ message: 'asOf must be a date (YYYY-MM-DD)' }).optional(),
});
export type Price = z.infer<typeof priceSchema>;

const tableSchema = z.object({ prices: z.array(priceSchema.extend({ model: z.string().min(1), source: z.string(), asOf: z.iso.date() })) });
const TABLE = tableSchema.parse(PRICE_TABLE).prices;

/** A model name as the table keys it: no provider prefix (`anthropic/`), dashes for dots. */
function tableName(model: string): string {
  const name = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  return name.toLowerCase().replaceAll('.', '-');
}

/** What may follow an entry's name in a model id of the same model: a release date or `-latest`. */
const SAME_MODEL_SUFFIX = /^(-\d{4}-\d{2}-\d{2}|-\d{8}|-latest)?$/;

/** The table's price of a model, or null: an unknown model has no price (never $0). */
export function priceFor(model: string): (Price & { model: string }) | null {
  const name = tableName(model);
  return (
    TABLE.find((entry) => {
      const key = tableName(entry.model);
      return name.startsWith(key) && SAME_MODEL_SUFFIX.test(name.slice(key.length));
    }) ?? null
  );
}

/**
 * Our estimate of an attempt's cost from a price (a profile's own, else the table's), in USD; null
 * when the model has no price or the attempt reported no usage. What a provider reports it charged
 * (OpenRouter `usage.cost`) is kept apart from this (ProviderCall.providerCostUsd), never mixed in.
 */
export function estimateCostUsd(model: string, usage: Usage | null, profilePrice?: Price | null): number | null {
  if (!usage) return null;
  const price = profilePrice ?? priceFor(model);
  if (!price) return null;
  const write1h = usage.cacheWrite1hTokens ?? 0;
  const write5m = usage.cacheWrite5mTokens ?? Math.max(0, (usage.cacheWriteTokens ?? 0) - write1h);
  const uncached = usage.inputNoCacheTokens ?? usage.inputTokens ?? 0;
  const dollars =
    uncached * price.input +
    (usage.cacheReadTokens ?? 0) * (price.cacheRead ?? price.input) +
    write5m * (price.cacheWrite5m ?? price.input) +
    write1h * (price.cacheWrite1h ?? price.cacheWrite5m ?? price.input) +
    (usage.outputTokens ?? 0) * price.output;
  return Math.round((dollars / 1_000_000) * 1e8) / 1e8;
}
