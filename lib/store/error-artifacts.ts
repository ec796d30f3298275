import type { ProviderProfile } from '@/lib/config/profile-schema';
import type { ProviderResult } from '@/lib/providers/core/types';
import { redact } from '@/lib/redaction/redact';
import { turnNumber } from '@/lib/run-events/turn-number';

export type TurnRef = { id: string; index: number };

/**
 * The JSON a person downloads as errors/turn_<n>.json for a failed provider call (fields:
 * lib/runs/README.md; `turn` is the turn's number as people count it, like the file's). A provider error carries no stack: where it failed in our code says nothing
 * about the provider's answer — the kind, status, hint, body snippet, attempts and request id do.
 */
export function providerErrorArtifact(runId: string, turn: TurnRef, profile: ProviderProfile, result: ProviderResult) {
  const error = result.error!;
  return redact({
    runId,
    turn: turnNumber(turn.index),
    timestamp: new Date(result.timings.endedAt).toISOString(),
    profile: profile.name,
    runtime: profile.runtime,
    model: profile.model,
    kind: error.kind,
    status: error.status,
    message: error.message,
    hint: error.hint,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    requestId: error.requestId,
    bodySnippet: error.bodySnippet,
    details: error.details,
    streamed: result.streamed,
    attempts: result.attempts.map((attempt) => ({
      attempt: attempt.attempt,
      streamed: attempt.streamed,
      status: attempt.status,
      httpStatus: attempt.httpStatus,
      errorKind: attempt.errorKind,
      waitBeforeMs: attempt.waitBeforeMs,
      retryAfterMs: attempt.retryAfterMs,
      requestId: attempt.requestId,
      startedAt: new Date(attempt.startedAt).toISOString(),
      durationMs: attempt.endedAt - attempt.startedAt,
      message: attempt.error?.message ?? null,
    })),
  });
}

/** The artifact of a failure of our own (a bug, not the provider's): it keeps the stack it is given. */
export function internalErrorArtifact(runId: string, turn: TurnRef, message: string, stack: string | null) {
  return redact({ runId, turn: turnNumber(turn.index), timestamp: new Date().toISOString(), kind: 'internal', message, stack });
}
