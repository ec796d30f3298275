/**
 * Rate limits per key and model, kept the way OpenAI and Anthropic describe theirs: a token bucket
 * per dimension that holds at most its per-minute limit and is replenished continuously (the whole
 * limit over a minute). A request takes one from `requests` when it is admitted; its tokens are
 * taken when its usage is known. A request meets a 429 when a bucket holds less than one — no request left, or
 * tokens spent down to (or below) zero — and the refusal says how long until it has room again.
 *
 * The limits are the `drain_quota` scenario's (`rpm`, `tpm`, `otpm`) or the family's defaults; a
 * request with other limits than the budget's starts it again, full.
 */
import type { Family } from './headers';

export type QuotaDimension = 'requests' | 'tokens' | 'input-tokens' | 'output-tokens';

/** Per-minute limits by dimension; a dimension without one is not limited. */
export type QuotaLimits = Partial<Record<QuotaDimension, number>>;

/** Usage a response reports, as the limits count it. */
export type QuotaUsage = { inputTokens: number; outputTokens: number };

export type QuotaReading = { limit: number; remaining: number; msUntilFull: number };
export type QuotaState = Partial<Record<QuotaDimension, QuotaReading>>;

export type QuotaRefusal = { dimension: QuotaDimension; limit: number; used: number; retryAfterMs: number };

const MINUTE_MS = 60_000;

/**
 * The defaults are the limits the simulator always reported (large: a run never meets them).
 * OpenRouter has no per-minute limit on paid models: without `rpm` it limits nothing.
 */
export function quotaLimits(family: Family, params: Record<string, string> | null): QuotaLimits {
  const number = (key: string) => (params?.[key] === undefined ? undefined : Number(params[key]));
  const rpm = number('rpm');
  const tpm = number('tpm');
  if (family === 'openrouter') return rpm === undefined ? {} : { requests: rpm };
  if (family === 'anthropic') {
    // Anthropic limits input and output tokens apart; output limits are about a quarter of input ones.
    const input = tpm ?? 2_000_000;
    return {
      requests: rpm ?? 4000,
      'input-tokens': input,
      'output-tokens': number('otpm') ?? (tpm === undefined ? 400_000 : Math.max(1, Math.ceil(tpm / 4))),
    };
  }
  return { requests: rpm ?? 5000, tokens: tpm ?? 4_000_000 };
}

class Bucket {
  private level: number;

  constructor(
    readonly limit: number,
    private at: number,
  ) {
    this.level = limit;
  }

  private perMs(): number {
    return this.limit / MINUTE_MS;
  }

  refill(now: number): void {
    if (now > this.at) this.level = Math.min(this.limit, this.level + (now - this.at) * this.perMs());
    this.at = Math.max(this.at, now);
  }

  take(amount: number): void {
    this.level -= amount;
  }

  /** Milliseconds until the bucket holds `amount` (0 when it does). */
  msUntil(amount: number): number {
    return this.level >= amount ? 0 : Math.ceil((amount - this.level) / this.perMs());
  }

  reading(): QuotaReading {
    return { limit: this.limit, remaining: Math.max(0, Math.floor(this.level)), msUntilFull: this.msUntil(this.limit) };
  }

  used(): number {
    return Math.ceil(this.limit - Math.max(0, this.level));
  }
}

type Budget = { signature: string; buckets: Map<QuotaDimension, Bucket> };

export class QuotaLedger {
  private readonly budgets = new Map<string, Budget>();

  private budget(key: string, limits: QuotaLimits, now: number): Budget {
    const signature = JSON.stringify(Object.entries(limits).sort());
    let budget = this.budgets.get(key);
    if (!budget || budget.signature !== signature) {
      budget = {
        signature,
        buckets: new Map(Object.entries(limits).map(([dimension, limit]) => [dimension as QuotaDimension, new Bucket(limit, now)])),
      };
      this.budgets.set(key, budget);
    }
    for (const bucket of budget.buckets.values()) bucket.refill(now);
    return budget;
  }

  /** Admits a request (taking one from `requests`), or says which limit refuses it and for how long. */
  admit(key: string, limits: QuotaLimits, now: number): QuotaRefusal | null {
    const { buckets } = this.budget(key, limits, now);
    for (const [dimension, bucket] of buckets) {
      // A request needs one request, or one token, left (its own tokens are not known yet).
      const wait = bucket.msUntil(1);
      if (wait > 0) return { dimension, limit: bucket.limit, used: bucket.used(), retryAfterMs: wait };
    }
    buckets.get('requests')?.take(1);
    return null;
  }

  /** Takes a response's tokens: all of them from `tokens`, or input and output apart. */
  charge(key: string, limits: QuotaLimits, usage: QuotaUsage, now: number): void {
    const { buckets } = this.budget(key, limits, now);
    buckets.get('tokens')?.take(usage.inputTokens + usage.outputTokens);
    buckets.get('input-tokens')?.take(usage.inputTokens);
    buckets.get('output-tokens')?.take(usage.outputTokens);
  }

  /** What is left of each limit now. */
  state(key: string, limits: QuotaLimits, now: number): QuotaState {
    const { buckets } = this.budget(key, limits, now);
    return Object.fromEntries([...buckets].map(([dimension, bucket]) => [dimension, bucket.reading()]));
  }

  clear(): void {
    this.budgets.clear();
  }
}

/** The budget a request draws on: the same key and model at the same provider family. */
export function quotaKey(family: Family, apiKey: string, model: string): string {
  return `${family}\u0000${apiKey}\u0000${model}`;
}
