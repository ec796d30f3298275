import type { ProviderProfile } from '@/lib/config/profile-schema';
import { estimateCostUsd } from '@/lib/config/pricing';
import type { ProviderResult } from '@/lib/providers/core/types';
import { redact, redactText } from '@/lib/redaction/redact';
import { Prisma } from './generated/prisma/client';
import { providerErrorArtifact, type TurnRef } from './error-artifacts';
import { providerCallRows, type ChainProfileState } from './provider-call-rows';
import { rateLimitSampleRows } from './rate-limit-sample-rows';

/**
 * One call of a turn to one profile (its retries are attempts of it), with the run's provider state
 * after it, and how the fallback chain stood when it began (which profile it took over from).
 */
export type RecordedCall = {
  profile: ProviderProfile;
  result: ProviderResult;
  providerState: object;
  takeoverFrom?: { profile: string; kind: string } | null;
  chainState?: ChainProfileState[] | null;
};

/**
 * Records one provider call: a row per attempt, what its rate-limit headers said of the account's
 * quotas (RateLimitSample rows), reasoning traces, the error artifact, run totals
 * (tokens, cost, errors; the turn was counted when it was created). `tx` is the transaction of the
 * fenced write it belongs to: they commit together.
 */
export async function recordProviderCall(tx: Prisma.TransactionClient, runId: string, turn: TurnRef, call: RecordedCall): Promise<void> {
  const { profile, result } = call;
  const rows = providerCallRows(result, {
    runId,
    turnId: turn.id,
    runtime: profile.runtime,
    provider: profile.provider,
    profileName: profile.name,
    modelRequested: profile.model,
    cost: (model, attempt) => estimateCostUsd(model, attempt.usage, profile.price),
    takeoverFrom: call.takeoverFrom ?? null,
    chainState: call.chainState ?? null,
  });
  const priced = rows.filter((row) => row.costUsd !== null);
  const cost = priced.reduce((sum, row) => sum + row.costUsd!, 0);
  const usage = result.usage;
  await tx.providerCall.createMany({
    data: rows.map((row) => ({
      ...row,
      costUsd: row.costUsd === null ? null : new Prisma.Decimal(row.costUsd),
      providerCostUsd: row.providerCostUsd === null ? null : new Prisma.Decimal(row.providerCostUsd),
      rateLimit: row.rateLimit ?? Prisma.DbNull,
      chainState: row.chainState ?? Prisma.DbNull,
    })),
  });
  const samples = rateLimitSampleRows(result, {
    runId,
    runtime: profile.runtime,
    provider: profile.provider,
    modelRequested: profile.model,
  });
  if (samples.length) await tx.rateLimitSample.createMany({ data: samples });
  await tx.reasoningTrace.createMany({
    data: result.reasoning.map((part) => ({
      runId,
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
    await tx.errorArtifact.create({
      data: {
        runId,
        turnId: turn.id,
        turnIndex: turn.index,
        kind: result.error.kind,
        httpStatus: result.error.status,
        payload: providerErrorArtifact(runId, turn, profile, result) as object,
      },
    });
  }
  await tx.run.update({
    where: { id: runId },
    data: {
      inputTokens: { increment: usage?.inputTokens ?? 0 },
      outputTokens: { increment: usage?.outputTokens ?? 0 },
      errorCount: { increment: result.error && result.error.kind !== 'cancelled' ? 1 : 0 },
      providerState: redact(call.providerState) as object,
    },
  });
  // The run's costs stay null (no price, none reported) until an attempt has one; NULL + x would stay NULL.
  if (priced.length)
    await tx.$executeRaw`UPDATE "Run" SET "costUsd" = coalesce("costUsd", 0) + ${new Prisma.Decimal(cost)} WHERE "id" = ${runId}::uuid`;
  const reported = rows.filter((row) => row.providerCostUsd !== null);
  if (reported.length) {
    const sum = reported.reduce((total, row) => total + row.providerCostUsd!, 0);
    await tx.$executeRaw`UPDATE "Run" SET "providerCostUsd" = coalesce("providerCostUsd", 0) + ${new Prisma.Decimal(sum)} WHERE "id" = ${runId}::uuid`;
  }
}
