import type { ErrorArtifactView, ProviderCallView, RunEventInput, RunUpdate, TurnView } from '@/lib/run-events/schema';
import { redact, redactText } from '@/lib/redaction/redact';
import { errorArtifactFileName, turnNumber } from '@/lib/run-events/turn-number';
import type { ErrorArtifact, Prisma, ProviderCall, Run, Turn } from './generated/prisma/client';

/**
 * A run's rows as the run page, `GET /api/runs/[id]` and the run's `run-updated` / `turn-summary`
 * events show them: plain JSON (ISO dates, numbers), redacted. One mapping for the reads
 * (lib/runs/run-detail.ts) and the writes that describe themselves in the run log.
 */

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A money column (a Decimal) as JSON: a number, or null when it is not known. */
export const usdOf = (value: Prisma.Decimal | null) => (value === null ? null : Number(value));

/** What a run has added up so far (turns, tokens, cost, errors): its header and its bundle show them. */
export function runTotalsOf(run: Run) {
  return {
    turnCount: run.turnCount,
    inputTokens: run.inputTokens,
    outputTokens: run.outputTokens,
    costUsd: usdOf(run.costUsd),
    providerCostUsd: usdOf(run.providerCostUsd),
    errorCount: run.errorCount,
    errorKind: run.errorKind,
  };
}

/** The fields of the run's row that change while it lives (the header's). */
export function runUpdateOf(run: Run): RunUpdate {
  return {
    status: run.status,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    cancelRequestedAt: iso(run.cancelRequestedAt),
    ...runTotalsOf(run),
    errorMessage: run.errorMessage === null ? null : redactText(run.errorMessage),
    resumeCount: run.resumeCount,
    replayDivergence: (run.replayDivergence as RunUpdate['replayDivergence']) ?? null,
  };
}

/** A call's row as a view (`recordedAt` is the database's own bookkeeping: not shown, and not known before the row is written). */
export function providerCallViewOf(call: Omit<ProviderCall, 'recordedAt'>, turnIndex: number): ProviderCallView {
  return {
    turnIndex,
    attempt: call.attempt,
    profileName: call.profileName,
    provider: call.provider,
    runtime: call.runtime,
    modelRequested: call.modelRequested,
    modelServed: call.modelServed,
    streamRequested: call.streamRequested,
    streamActual: call.streamActual,
    streamStarted: call.streamStarted,
    fallbackReason: call.fallbackReason === null ? null : redactText(call.fallbackReason),
    status: call.status,
    errorKind: call.errorKind,
    httpStatus: call.httpStatus,
    requestId: call.requestId,
    finishReason: call.finishReason,
    waitBeforeMs: call.waitBeforeMs,
    retryAfterMs: call.retryAfterMs,
    startedAt: call.startedAt.toISOString(),
    latencyMs: call.latencyMs,
    ttftMs: call.ttftMs,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    cacheReadTokens: call.cacheReadTokens,
    cacheWriteTokens: call.cacheWriteTokens,
    reasoningTokens: call.reasoningTokens,
    costUsd: usdOf(call.costUsd),
    providerCostUsd: usdOf(call.providerCostUsd),
    cause: call.cause as ProviderCallView['cause'],
    causeKind: call.causeKind,
    chainState: call.chainState as ProviderCallView['chainState'],
  };
}

export function turnViewOf(turn: Turn, calls: ProviderCallView[]): TurnView {
  return {
    index: turn.index,
    status: turn.status,
    finishReason: turn.finishReason,
    startedAt: turn.startedAt.toISOString(),
    finishedAt: iso(turn.finishedAt),
    calls,
  };
}

/**
 * An artifact as people get it: its `turn` is the turn's number as people count it, like its file
 * name (artifacts recorded before that said the index). Provider errors carry no stack (artifacts
 * recorded before that rule kept one, made of bundler chunk frames): it is left out of them.
 */
export function artifactForPeople(payload: unknown, turnIndex: number): unknown {
  const clean = redact(payload);
  if (!clean || typeof clean !== 'object' || Array.isArray(clean)) return clean;
  const { stack, ...rest } = clean as Record<string, unknown>;
  const shown = 'turn' in rest ? { ...rest, turn: turnNumber(turnIndex) } : rest;
  return rest.kind === 'internal' ? { ...shown, stack } : shown;
}

export function errorArtifactViewOf(artifact: ErrorArtifact): ErrorArtifactView {
  return {
    turnIndex: artifact.turnIndex,
    kind: artifact.kind,
    httpStatus: artifact.httpStatus,
    file: errorArtifactFileName(artifact.turnIndex),
    payload: artifactForPeople(artifact.payload, artifact.turnIndex),
    createdAt: artifact.createdAt.toISOString(),
  };
}

/** The `run-updated` event of the run's row as the transaction sees it (after its own change). */
export async function runUpdatedEvent(tx: Prisma.TransactionClient, runId: string): Promise<RunEventInput> {
  return { type: 'run-updated', payload: runUpdateOf(await tx.run.findUniqueOrThrow({ where: { id: runId } })) };
}

/** The `turn-summary` event of a turn as the transaction sees it: its row, its calls, its artifacts. */
export async function turnSummaryEvent(tx: Prisma.TransactionClient, runId: string, turnId: string): Promise<RunEventInput> {
  const [turn, calls, artifacts] = [
    await tx.turn.findUniqueOrThrow({ where: { id_runId: { id: turnId, runId } } }),
    await tx.providerCall.findMany({ where: { runId, turnId }, orderBy: [{ startedAt: 'asc' }, { attempt: 'asc' }] }),
    await tx.errorArtifact.findMany({ where: { runId, turnId }, orderBy: { createdAt: 'asc' } }),
  ];
  return {
    type: 'turn-summary',
    payload: {
      ...turnViewOf(
        turn,
        calls.map((call) => providerCallViewOf(call, turn.index)),
      ),
      errorArtifacts: artifacts.map(errorArtifactViewOf),
    },
  };
}
