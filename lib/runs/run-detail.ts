import 'server-only';
import { redact, redactText } from '@/lib/redaction/redact';
import type { Database } from '@/lib/store/database';
import type { ChainProfileState } from '@/lib/store/provider-call-rows';
import type { RunListItem } from './list-runs';
import type { RunEventRecord } from './transcript-reducer';
import { sumOfReported } from './turn-strip';

/** What the run page shows and `GET /api/runs/[id]` answers: plain JSON (ISO dates, numbers). */

/** The list's row (minus its duration and task preview) plus what only the run page shows. */
export type RunSummary = Omit<RunListItem, 'durationMs'> & {
  /** What the providers reported the run's attempts cost (OpenRouter), apart from our estimate `costUsd`; null when none did. */
  providerCostUsd: number | null;
  errorMessage: string | null;
  resumeCount: number;
  cancelRequestedAt: string | null;
  /** Set for a run loaded with `npm run import`: the id it had where it was recorded (a read-only archive). */
  importedFromId: string | null;
  importedAt: string | null;
};

export type ProviderCallView = {
  turnIndex: number;
  attempt: number;
  profileName: string;
  provider: string;
  runtime: string;
  modelRequested: string;
  modelServed: string | null;
  streamRequested: boolean;
  streamActual: boolean;
  streamStarted: boolean;
  fallbackReason: string | null;
  status: 'ok' | 'error';
  errorKind: string | null;
  httpStatus: number | null;
  requestId: string | null;
  finishReason: string | null;
  waitBeforeMs: number;
  retryAfterMs: number | null;
  startedAt: string;
  latencyMs: number | null;
  ttftMs: number | null;
  inputTokens: number;
  outputTokens: number;
  /** Null: the provider did not report it. */
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  /** Our estimate (null: no known price). */
  costUsd: number | null;
  /** What the provider reported it cost (OpenRouter), apart from our estimate. */
  providerCostUsd: number | null;
  /** Why the attempt happened (null: the turn's first) and the kind of the failure it answered. */
  cause: 'retry' | 'stream-fallback' | 'profile-fallback' | null;
  causeKind: string | null;
  /** On a call's first attempt: the fallback chain as it stood when the call began. */
  chainState: ChainProfileState[] | null;
};

export type TurnView = {
  index: number;
  status: string;
  finishReason: string | null;
  startedAt: string;
  finishedAt: string | null;
  calls: ProviderCallView[];
};

export type ErrorArtifactView = {
  turnIndex: number;
  kind: string;
  httpStatus: number | null;
  /** The download name: `turn_<n>.json` (in the export bundle: `errors/turn_<n>.json`). */
  file: string;
  payload: unknown;
  createdAt: string;
};

export type RunDetail = { run: RunSummary; turns: TurnView[]; errorArtifacts: ErrorArtifactView[] };

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * An artifact as people get it. Provider errors carry no stack (artifacts recorded before that
 * rule kept one, made of bundler chunk frames): it is left out of them.
 */
export function artifactForPeople(payload: unknown): unknown {
  const clean = redact(payload);
  if (!clean || typeof clean !== 'object' || Array.isArray(clean)) return clean;
  const { stack, ...rest } = clean as Record<string, unknown>;
  return rest.kind === 'internal' ? { ...rest, stack } : rest;
}

export function errorArtifactFileName(turnIndex: number): string {
  return `turn_${turnIndex}.json`;
}

/** `turn_<n>.json` → n; anything else → null. */
export function parseErrorArtifactFileName(file: string): number | null {
  const match = /^turn_(0|[1-9]\d{0,5})\.json$/.exec(file);
  return match ? Number(match[1]) : null;
}

export async function getRunDetail(db: Database, runId: string): Promise<RunDetail | null> {
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) return null;
  const [turns, calls, artifacts] = await Promise.all([
    db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' } }),
    db.providerCall.findMany({ where: { runId }, orderBy: [{ startedAt: 'asc' }, { attempt: 'asc' }] }),
    db.errorArtifact.findMany({ where: { runId }, orderBy: [{ turnIndex: 'asc' }, { createdAt: 'asc' }] }),
  ]);
  const turnIndex = new Map(turns.map((turn) => [turn.id, turn.index]));
  const callViews: ProviderCallView[] = calls.map((call) => ({
    turnIndex: turnIndex.get(call.turnId) ?? -1,
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
    costUsd: call.costUsd === null ? null : Number(call.costUsd),
    providerCostUsd: call.providerCostUsd === null ? null : Number(call.providerCostUsd),
    cause: call.cause as ProviderCallView['cause'],
    causeKind: call.causeKind,
    chainState: call.chainState as ChainProfileState[] | null,
  }));
  return {
    run: {
      id: run.id,
      status: run.status,
      task: run.task,
      profileName: run.profileName,
      provider: run.provider,
      runtime: run.runtime,
      model: run.model,
      turnCount: run.turnCount,
      inputTokens: run.inputTokens,
      outputTokens: run.outputTokens,
      costUsd: run.costUsd === null ? null : Number(run.costUsd),
      providerCostUsd: sumOfReported(callViews.map((call) => call.providerCostUsd)),
      errorCount: run.errorCount,
      errorKind: run.errorKind,
      errorMessage: run.errorMessage === null ? null : redactText(run.errorMessage),
      resumeCount: run.resumeCount,
      createdAt: run.createdAt.toISOString(),
      startedAt: iso(run.startedAt),
      finishedAt: iso(run.finishedAt),
      cancelRequestedAt: iso(run.cancelRequestedAt),
      importedFromId: run.importedFromId,
      importedAt: iso(run.importedAt),
    },
    turns: turns.map((turn) => ({
      index: turn.index,
      status: turn.status,
      finishReason: turn.finishReason,
      startedAt: turn.startedAt.toISOString(),
      finishedAt: iso(turn.finishedAt),
      calls: callViews.filter((call) => call.turnIndex === turn.index),
    })),
    errorArtifacts: artifacts.map((artifact) => ({
      turnIndex: artifact.turnIndex,
      kind: artifact.kind,
      httpStatus: artifact.httpStatus,
      file: errorArtifactFileName(artifact.turnIndex),
      payload: artifactForPeople(artifact.payload),
      createdAt: artifact.createdAt.toISOString(),
    })),
  };
}

/** The run's events with seq > after, in order (the page's first render and `?events=1`). */
export async function listRunEvents(db: Database, runId: string, after = -1): Promise<RunEventRecord[]> {
  const rows = await db.runEvent.findMany({
    where: { runId, seq: { gt: after } },
    orderBy: { seq: 'asc' },
    select: { seq: true, type: true, payload: true, createdAt: true },
  });
  return rows.map((row) => ({ seq: row.seq, type: row.type, payload: row.payload, createdAt: row.createdAt.toISOString() }));
}

/**
 * The JSON downloaded as `errors/turn_<n>.json`: the turn's artifact, or — when a fallback chain
 * failed on several profiles in that turn — an array of them in the order they happened.
 */
export async function getErrorArtifactDocument(db: Database, runId: string, turnIndex: number): Promise<unknown | null> {
  const artifacts = await db.errorArtifact.findMany({ where: { runId, turnIndex }, orderBy: { createdAt: 'asc' }, select: { payload: true } });
  if (!artifacts.length) return null;
  const payloads = artifacts.map((artifact) => artifactForPeople(artifact.payload));
  return payloads.length === 1 ? payloads[0] : payloads;
}

/** The run's id and status; null when there is no such run. */
export function findRunStatus(db: Database, runId: string): Promise<{ id: string; status: string } | null> {
  return db.run.findUnique({ where: { id: runId }, select: { id: true, status: true } });
}
