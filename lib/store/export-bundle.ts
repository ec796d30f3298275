import type { Message } from '@/lib/providers/core/types';
import { redact } from '@/lib/redaction/redact';
import type { Database } from './prisma';

export const BUNDLE_FORMAT = 'switchboard.run-bundle';
export const BUNDLE_VERSION = 1;

function bytes(value: string | null | undefined): number {
  return value ? Buffer.byteLength(value) : 0;
}

/** Opaque reasoning is bound to the provider account that issued it: a bundle says only its size. */
function shareableMessage(message: Message): unknown {
  if (message.role !== 'assistant') return message;
  return {
    ...message,
    content: message.content.map((part) =>
      part.type === 'reasoning'
        ? { type: 'reasoning', runtime: part.origin?.runtime ?? null, text: part.text ?? null, encryptedBytes: bytes(part.encrypted), signatureBytes: bytes(part.signature), redacted: !!part.redacted }
        : part,
    ),
  };
}

/** The whole run as one JSON document: run, profile, transcript, calls, tools, reasoning, errors, events. Redacted. */
export async function exportRunBundle(db: Database, runId: string) {
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) return null;
  const [turns, messages, providerCalls, toolCalls, reasoning, errorArtifacts, events] = await Promise.all([
    db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' } }),
    db.message.findMany({ where: { runId }, orderBy: { position: 'asc' } }),
    db.providerCall.findMany({ where: { runId }, orderBy: [{ startedAt: 'asc' }, { attempt: 'asc' }] }),
    db.toolCall.findMany({ where: { runId }, orderBy: { startedAt: 'asc' } }),
    db.reasoningTrace.findMany({ where: { runId }, orderBy: { createdAt: 'asc' } }),
    db.errorArtifact.findMany({ where: { runId }, orderBy: { turnIndex: 'asc' } }),
    db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } }),
  ]);
  const turnIndex = new Map(turns.map((turn) => [turn.id, turn.index]));
  const bundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    run: {
      id: run.id,
      status: run.status,
      task: run.task,
      profileName: run.profileName,
      provider: run.provider,
      runtime: run.runtime,
      model: run.model,
      options: run.options,
      turnCount: run.turnCount,
      inputTokens: run.inputTokens,
      outputTokens: run.outputTokens,
      costUsd: Number(run.costUsd),
      errorCount: run.errorCount,
      errorKind: run.errorKind,
      errorMessage: run.errorMessage,
      resumeCount: run.resumeCount,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    },
    profile: run.profile,
    turns: turns.map(({ index, status, finishReason, startedAt, finishedAt }) => ({ index, status, finishReason, startedAt, finishedAt })),
    transcript: messages.map((message) => ({
      position: message.position,
      turnIndex: message.turnId ? (turnIndex.get(message.turnId) ?? null) : null,
      message: shareableMessage(message.content as unknown as Message),
      createdAt: message.createdAt,
    })),
    // recordedAt is this instance's bookkeeping (telemetry rollups), not part of the call.
    providerCalls: providerCalls.map(({ id: _id, runId: _runId, turnId, costUsd, recordedAt: _recordedAt, ...call }) => ({
      turnIndex: turnIndex.get(turnId) ?? null,
      ...call,
      costUsd: costUsd === null ? null : Number(costUsd),
    })),
    toolCalls: toolCalls.map(({ id: _id, runId: _runId, turnId, ...call }) => ({ turnIndex: turnIndex.get(turnId) ?? null, ...call })),
    reasoning: reasoning.map((trace) => ({
      turnIndex: turnIndex.get(trace.turnId) ?? null,
      provider: trace.provider,
      itemId: trace.itemId,
      summary: trace.summary,
      encryptedBytes: bytes(trace.encrypted),
      signatureBytes: bytes(trace.signature),
      redacted: trace.redacted,
    })),
    errorArtifacts: errorArtifacts.map((artifact) => ({ turnIndex: artifact.turnIndex, kind: artifact.kind, httpStatus: artifact.httpStatus, file: `errors/turn_${artifact.turnIndex}.json`, payload: artifact.payload })),
    events: events.map((event) => ({ seq: event.seq, type: event.type, payload: event.payload, createdAt: event.createdAt })),
  };
  return redact(JSON.parse(JSON.stringify(bundle)) as typeof bundle);
}

export type RunBundle = NonNullable<Awaited<ReturnType<typeof exportRunBundle>>>;
