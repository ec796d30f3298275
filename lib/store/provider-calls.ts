import { Prisma } from '@/lib/store/generated/prisma/client';
import type { ProviderProfile } from '@/lib/config/profile-schema';
import type { ProviderResult } from '@/lib/providers/core/types';
import { redact, redactText } from '@/lib/redaction/redact';
import type { Database } from '@/lib/store/database';
import { providerCallRows } from '@/lib/store/provider-call-rows';
import { estimateCostUsd } from '../config/pricing';

type RunRow = { id: string; provider: string };
type TurnRow = { id: string; index: number };

/**
 * The JSON a person downloads as errors/turn_<n>.json (fields: lib/runs/README.md). A provider error
 * carries no stack: where it failed in our code says nothing about the provider's answer — the kind,
 * status, hint, body snippet, attempts and request id do.
 */
export function errorArtifactPayload(run: RunRow, turn: TurnRow, profile: ProviderProfile, result: ProviderResult) {
  const error = result.error!;
  return redact({
    runId: run.id,
    turn: turn.index,
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

/**
 * Records one provider call: a row per attempt, reasoning traces, the error artifact, run totals
 * (tokens, cost, errors; the turn was counted when it was created).
 * `db` is the transaction the caller holds (the conductor's fenced write): they commit together.
 */
export async function recordProviderCall(
  db: Pick<Database, 'providerCall' | 'reasoningTrace' | 'errorArtifact' | 'run'>,
  input: { run: RunRow; turn: TurnRow; profile: ProviderProfile; result: ProviderResult; conversationLength: number; providerState: object },
): Promise<void> {
  const { run, turn, profile, result } = input;
  const rows = providerCallRows(result, {
    runId: run.id,
    turnId: turn.id,
    runtime: profile.runtime,
    provider: profile.provider,
    profileName: profile.name,
    modelRequested: profile.model,
    cost: (model, attempt) => estimateCostUsd(model, attempt.usage),
  });
  const cost = rows.reduce((sum, row) => sum + (row.costUsd ?? 0), 0);
  const usage = result.usage;
  await db.providerCall.createMany({
    data: rows.map((row) => ({ ...row, costUsd: row.costUsd === null ? null : new Prisma.Decimal(row.costUsd), rateLimit: row.rateLimit ?? Prisma.DbNull })),
  });
  await db.reasoningTrace.createMany({
    data: result.reasoning.map((part) => ({
      runId: run.id,
      turnId: turn.id,
      provider: part.origin.runtime,
      itemId: part.id ?? null,
      summary: part.text == null ? null : redactText(part.text),
      encrypted: part.encrypted ?? null,
      signature: part.signature ?? null,
      redacted: !!part.redacted,
    })),
  });
  if (result.error && result.error.kind !== 'cancelled') {
    await db.errorArtifact.create({
      data: { runId: run.id, turnId: turn.id, turnIndex: turn.index, kind: result.error.kind, httpStatus: result.error.status, payload: errorArtifactPayload(run, turn, profile, result) as object },
    });
  }
  await db.run.update({
    where: { id: run.id },
    data: {
      inputTokens: { increment: usage?.inputTokens ?? 0 },
      outputTokens: { increment: usage?.outputTokens ?? 0 },
      costUsd: { increment: new Prisma.Decimal(cost) },
      errorCount: { increment: result.error && result.error.kind !== 'cancelled' ? 1 : 0 },
      providerState: redact(input.providerState) as object,
    },
  });
}
