import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderRuntimeError } from './errors';
import { backoffDelayMs, decideRetry, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from './retry';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 4000, maxTotalMs: 30_000, maxRetryAfterMs: 20_000 };
const error = (init: Partial<ConstructorParameters<typeof ProviderRuntimeError>[0]> = {}) =>
  new ProviderRuntimeError({ kind: 'rate_limit', message: 'HTTP 429', ...init });

describe('backoffDelayMs', () => {
  it('draws uniformly below an exponential cap that stops at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(policy, n, () => 0.999999))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(1000);
  });
});

describe('decideRetry', () => {
  it('retries retryable kinds with jittered backoff until maxAttempts', () => {
    expect(decideRetry(policy, error(), 1, 0, () => 0.5)).toEqual({ retry: true, delayMs: 250 });
    expect(decideRetry(policy, error(), 3, 0, () => 0.5)).toEqual({ retry: true, delayMs: 1000 });
    expect(decideRetry(policy, error(), 4, 0, () => 0.5)).toMatchObject({ retry: false });
  });

  it('honours retry-after, with at most 10% extra jitter', () => {
    expect(decideRetry(policy, error({ retryAfterMs: 1000 }), 1, 0, () => 0)).toEqual({ retry: true, delayMs: 1000 });
    expect(decideRetry(policy, error({ retryAfterMs: 1000 }), 1, 0, () => 1)).toEqual({ retry: true, delayMs: 1100 });
  });

  it('does not retry what retrying cannot fix', () => {
    expect(decideRetry(policy, new ProviderRuntimeError({ kind: 'auth', message: 'x' }), 1, 0)).toMatchObject({ retry: false });
    expect(decideRetry(policy, error({ retryable: false }), 1, 0)).toMatchObject({ retry: false, reason: 'rate_limit is not retryable' });
    expect(decideRetry(policy, error({ retryAfterMs: 60_000 }), 1, 0)).toMatchObject({ retry: false });
    expect(decideRetry(policy, error({ retryAfterMs: 5000 }), 1, 28_000)).toMatchObject({
      retry: false,
      reason: 'the retry time budget is spent',
    });
  });

  it('uses sane defaults', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
  });
});

describe('sleep', () => {
  afterEach(() => vi.useRealTimers());

  it('waits the given time', async () => {
    vi.useFakeTimers();
    let done = false;
    const waiting = sleep(1000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('rejects with a cancelled error when aborted', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
