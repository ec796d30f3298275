import { rateLimitSamples } from '@/lib/providers/core/rate-limit-samples';
import type { ProviderResult, RuntimeId } from '@/lib/providers/core/types';
import { redactText } from '@/lib/redaction/redact';
import { attemptRateLimitHeaders } from './provider-call-rows';

export type RateLimitSampleContext = { runId: string; runtime: RuntimeId; provider: string; modelRequested: string };

/**
 * The RateLimitSample rows of a call: per attempt, what its rate-limit headers say of each quota
 * dimension of the account (the key's fingerprint, never the key), as of when they arrived — the
 * first byte of a successful response, the end of a refused one.
 */
export function rateLimitSampleRows(result: ProviderResult, context: RateLimitSampleContext) {
  const lastIndex = result.attempts.length - 1;
  const model = redactText(context.modelRequested);
  return result.attempts.flatMap((attempt, index) => {
    const final = index === lastIndex;
    const headers = attemptRateLimitHeaders(result, attempt, final);
    if (!headers) return [];
    const observedAt = final && !attempt.error ? (result.timings.firstByteAt ?? attempt.endedAt) : attempt.endedAt;
    return rateLimitSamples(headers, context.runtime, observedAt).map((sample) => ({
      runId: context.runId,
      account: result.metadata.account,
      runtime: context.runtime,
      provider: context.provider,
      model,
      dimension: sample.dimension,
      limit: sample.limit === null ? null : BigInt(sample.limit),
      remaining: sample.remaining === null ? null : BigInt(sample.remaining),
      resetAt: sample.resetAt === null ? null : new Date(sample.resetAt),
      observedAt: new Date(observedAt),
      httpStatus: attempt.httpStatus,
    }));
  });
}
