import type { ProviderProfile } from '@/lib/config/profile-schema';
import { estimateCostUsd } from '@/lib/config/pricing';
import type { ProviderResult } from '@/lib/providers/core/types';
import { redact, redactText } from '@/lib/redaction/redact';
import { Prisma } from './generated/prisma/client';
import { providerErrorArtifact, type TurnRef } from './error-artifacts';
import type { FencedRows, ProviderCallRow } from './fenced-rows';
import { providerCallRows, type ChainProfileState } from './provider-call-rows';
import { rateLimitSampleRows } from './rate-limit-sample-rows';
import { newRowId } from './uuid7';

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

/** Money as its columns hold it (8 decimal places), so that what is written is what is added up. */
const asStored = (usd: number) => new Prisma.Decimal(usd).toDecimalPlaces(8, Prisma.Decimal.ROUND_HALF_UP);

/**
 * The rows of one provider call: a row per attempt, what its rate-limit headers said of the account's
 * quotas (RateLimitSample rows), reasoning traces, the error artifact, and the run's totals (tokens,
 * cost, errors; the turn was counted when it was created) — written with the fenced write it belongs to.
 */
export function providerCallWrite(
  runId: string,
  turn: TurnRef,
  call: RecordedCall,
): Required<Pick<FencedRows, 'run' | 'providerCalls' | 'rateLimitSamples' | 'reasoningTraces' | 'errorArtifacts'>> {
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
  const providerCalls: ProviderCallRow[] = rows.map((row) => ({
    ...row,
    id: newRowId(),
    costUsd: row.costUsd === null ? null : asStored(row.costUsd),
    providerCostUsd: row.providerCostUsd === null ? null : asStored(row.providerCostUsd),
    rateLimit: row.rateLimit ?? null,
    chainState: row.chainState ?? null,
  }));
  const priced = rows.filter((row) => row.costUsd !== null);
  const reported = rows.filter((row) => row.providerCostUsd !== null);
  const usage = result.usage;
  const failed = !!result.error && result.error.kind !== 'cancelled';
  return {
    providerCalls,
    rateLimitSamples: rateLimitSampleRows(result, {
      runId,
      runtime: profile.runtime,
      provider: profile.provider,
      modelRequested: profile.model,
    }).map((sample) => ({ ...sample, id: newRowId() })),
    reasoningTraces: result.reasoning.map((part) => ({
      id: newRowId(),
      turnId: turn.id,
      provider: part.origin.runtime,
      itemId: part.id ?? null,
      summary: part.text == null ? null : redactText(part.text),
      encrypted: part.encrypted ?? null,
      signature: part.signature ?? null,
      redacted: !!part.redacted,
    })),
    errorArtifacts: failed
      ? [
          {
            id: newRowId(),
            runId,
            turnId: turn.id,
            turnIndex: turn.index,
            kind: result.error!.kind,
            httpStatus: result.error!.status,
            payload: providerErrorArtifact(runId, turn, profile, result) as Prisma.JsonValue,
            createdAt: new Date(),
          },
        ]
      : [],
    run: {
      add: {
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        errorCount: failed ? 1 : 0,
        // The run's costs stay null (no price, none reported) until an attempt has one.
        ...(priced.length ? { costUsd: asStored(priced.reduce((sum, row) => sum + row.costUsd!, 0)) } : {}),
        ...(reported.length ? { providerCostUsd: asStored(reported.reduce((sum, row) => sum + row.providerCostUsd!, 0)) } : {}),
      },
      set: { providerState: redact(call.providerState) },
    },
  };
}
