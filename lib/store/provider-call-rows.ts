import type { AttemptRecord, ProviderResult } from '@/lib/providers/core/types';
import { redact } from '@/lib/redaction/redact';

export type ProviderCallContext = {
  runId: string;
  turnId: string;
  runtime: string;
  provider: string;
  profileName: string;
  modelRequested: string;
  /** Estimates the cost of an attempt from its usage. */
  cost: (model: string, attempt: AttemptRecord) => number | null;
  /** The call took over from another profile of the chain, after that profile's last attempt failed with `kind`. */
  takeoverFrom?: { profile: string; kind: string } | null;
  /** The chain as it stood when the call began (stored on its first attempt). */
  chainState?: ChainProfileState[] | null;
};

/** One profile of a run's fallback chain at the moment a call began. */
export type ChainProfileState = {
  profile: string;
  /** ready · cooling (skipped until `coolingUntil`) · failed (tried in this turn already) · skipped (not callable here: `reason`) */
  state: 'ready' | 'cooling' | 'failed' | 'skipped';
  coolingUntil?: string;
  reason?: string;
};

/** Why an attempt happened: after which attempt's failure, and how it answered it. */
function causeOf(result: ProviderResult, index: number, context: ProviderCallContext): { cause: string | null; causeKind: string | null } {
  if (index === 0)
    return context.takeoverFrom ? { cause: 'profile-fallback', causeKind: context.takeoverFrom.kind } : { cause: null, causeKind: null };
  const previous = result.attempts[index - 1]!;
  const attempt = result.attempts[index]!;
  const streamFallback = previous.errorKind === 'stream_unsupported' && previous.streamed && !attempt.streamed;
  return { cause: streamFallback ? 'stream-fallback' : 'retry', causeKind: previous.errorKind };
}

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** One ProviderCall row per attempt of a call, with its timings, tokens and cost. */
export function providerCallRows(result: ProviderResult, context: ProviderCallContext) {
  // Strings a provider chose (model, ids) are redacted and made storable like everything else it sends.
  return result.attempts.map((attempt, index) => redact(providerCallRow(result, context, attempt, index)));
}

function providerCallRow(result: ProviderResult, context: ProviderCallContext, attempt: AttemptRecord, index: number) {
  const final = index === result.attempts.length - 1;
  const usage = attempt.usage;
  const generationMs = attempt.firstTokenAt !== null ? attempt.endedAt - attempt.firstTokenAt : null;
  const modelServed = final ? result.metadata.modelServed : null;
  return {
    runId: context.runId,
    turnId: context.turnId,
    attempt: attempt.attempt,
    runtime: context.runtime,
    provider: context.provider,
    profileName: context.profileName,
    modelRequested: context.modelRequested,
    modelServed,
    streamRequested: result.streamed.requested,
    streamActual: attempt.streamed,
    streamStarted: attempt.streamStarted,
    fallbackReason: result.streamed.requested && !attempt.streamed ? result.streamed.fallbackReason : null,
    status: attempt.status,
    errorKind: attempt.errorKind,
    httpStatus: attempt.httpStatus,
    requestId: attempt.requestId,
    responseId: final ? result.metadata.responseId : null,
    finishReason: final ? result.finishReason : 'error',
    waitBeforeMs: attempt.waitBeforeMs,
    retryAfterMs: attempt.retryAfterMs,
    startedAt: new Date(attempt.startedAt),
    firstTokenAt: attempt.firstTokenAt !== null ? new Date(attempt.firstTokenAt) : null,
    endedAt: new Date(attempt.endedAt),
    latencyMs: attempt.endedAt - attempt.startedAt,
    ttftMs: attempt.firstTokenAt !== null ? attempt.firstTokenAt - attempt.startedAt : null,
    outputTokensPerSec:
      usage?.outputTokens && generationMs && generationMs > 0 ? Math.round((usage.outputTokens / (generationMs / 1000)) * 100) / 100 : null,
    interChunkGapP95Ms: final && attempt.streamed ? percentile(result.timings.chunkGapsMs.slice(1), 95) : null,
    inputTokens: usage?.inputTokens ?? 0,
    inputNoCacheTokens: usage?.inputNoCacheTokens ?? usage?.inputTokens ?? 0,
    // Not reported stays null: a 0 would claim the provider said so.
    cacheReadTokens: usage?.cacheReadTokens ?? null,
    cacheWriteTokens: usage?.cacheWriteTokens ?? null,
    outputTokens: usage?.outputTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? null,
    costUsd: context.cost(modelServed ?? context.modelRequested, attempt),
    providerCostUsd: usage?.costUsd ?? null,
    rateLimit: attemptRateLimitHeaders(result, attempt, final) ?? undefined,
    ...causeOf(result, index, context),
    chainState: index === 0 ? (context.chainState ?? null) : null,
  };
}

/**
 * The rate-limit headers an attempt's response carried: a failed attempt's are in its error (the
 * final one's too: the result's metadata holds only a successful response's), a successful one's in
 * the result. Undefined when the attempt got no response to read them from.
 */
export function attemptRateLimitHeaders(
  result: ProviderResult,
  attempt: AttemptRecord,
  final: boolean,
): Record<string, string> | undefined {
  if (attempt.error) return attempt.error.details.rateLimit as Record<string, string> | undefined;
  return final ? result.metadata.rateLimit : undefined;
}
