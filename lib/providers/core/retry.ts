import { ProviderRuntimeError } from './errors';

/** Our one retry policy (the SDKs' own retries are off): exponential backoff with full jitter. */
export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  maxTotalMs: number;
  /** A retry-after longer than this is not waited for: the call fails with that error. */
  maxRetryAfterMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 16_000,
  maxTotalMs: 120_000,
  maxRetryAfterMs: 60_000,
};

export const NO_RETRY_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 };

/** Full jitter: a uniform wait between 0 and the exponential cap (AWS architecture blog). */
export function backoffDelayMs(policy: RetryPolicy, retryNumber: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.round(random() * cap);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Whether to retry after `error` on attempt number `attempt` (1-based), `elapsedMs` after the
 * first attempt began. A retry-after from the provider is honoured (plus up to 10% jitter, so that
 * many clients told the same second do not come back together).
 */
export function decideRetry(
  policy: RetryPolicy,
  error: ProviderRuntimeError,
  attempt: number,
  elapsedMs: number,
  random: () => number = Math.random,
): RetryDecision {
  if (!error.retryable) return { retry: false, reason: `${error.kind} is not retryable` };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts` };
  let delayMs: number;
  if (error.retryAfterMs !== null) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) {
      return { retry: false, reason: `the provider asked to wait ${Math.round(error.retryAfterMs / 1000)} s, more than the policy allows` };
    }
    delayMs = error.retryAfterMs + Math.round(random() * Math.min(1000, error.retryAfterMs * 0.1));
  } else {
    delayMs = backoffDelayMs(policy, attempt, random);
  }
  if (elapsedMs + delayMs > policy.maxTotalMs) return { retry: false, reason: 'the retry time budget is spent' };
  return { retry: true, delayMs };
}

/** Waits, or rejects with a `cancelled` error as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function cancelledError(): ProviderRuntimeError {
  return new ProviderRuntimeError({ kind: 'cancelled', message: 'The call was cancelled.' });
}
