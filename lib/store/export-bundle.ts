import type { Message, ReasoningPart } from '@/lib/providers/core/types';
import { redact } from '@/lib/redaction/redact';
import type { Database } from './database';
import { errorArtifactFileName } from '@/lib/run-events/turn-number';
import { runTotalsOf, usdOf } from './run-views';

export const BUNDLE_FORMAT = 'switchboard.run-bundle';
export const BUNDLE_VERSION = 1;

/** Opaque content: its size when the blob is held, else the size recorded without it (imported runs). */
function opaqueBytes(blob: string | null | undefined, recorded: number | null | undefined): number {
  return blob ? Buffer.byteLength(blob) : (recorded ?? 0);
}

/**
 * A reasoning part as a bundle carries it — and as an imported run stores it: shareable text and
 * the sizes of the opaque blobs, never the blobs.
 */
export type ShareableReasoningPart = {
  type: 'reasoning';
  runtime: string | null;
  text: string | null;
  encryptedBytes: number;
  signatureBytes: number;
  redacted: boolean;
};

/** A stored reasoning part: a provider's (blobs held) or an imported run's (sizes only). */
type StoredReasoningPart = Pick<ReasoningPart, 'encrypted' | 'signature'> & {
  origin?: { runtime: string };
  runtime?: string | null;
  text?: string | null;
  encryptedBytes?: number;
  signatureBytes?: number;
  redacted?: boolean;
};

/**
 * Opaque reasoning is bound to the provider account that issued it: a bundle says only its size.
 * Idempotent: a part already in shareable form (an imported run's) keeps its recorded sizes.
 */
function shareableMessage(message: Message): unknown {
  if (message.role !== 'assistant') return message;
  return {
    ...message,
    content: message.content.map((stored) => {
      if (stored.type !== 'reasoning') return stored;
      const part = stored as StoredReasoningPart;
      const shareable: ShareableReasoningPart = {
        type: 'reasoning',
        runtime: part.origin?.runtime ?? part.runtime ?? null,
        text: part.text ?? null,
        encryptedBytes: opaqueBytes(part.encrypted, part.encryptedBytes),
        signatureBytes: opaqueBytes(part.signature, part.signatureBytes),
        redacted: !!part.redacted,
      };
      return shareable;
    }),
  };
}

/** The whole run as one JSON document: run, profile, transcript, calls, tools, reasoning, errors, events. Redacted. */
export async function exportRunBundle(db: Database, runId: string) {
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) return null;
  const [turns, messages, providerCalls, toolCalls, reasoning, errorArtifacts, events] = await Promise.all([
    db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' } }),
    db.message.findMany({ where: { runId }, orderBy: { position: 'asc' } }),
    // Ties are broken by id: the importer assigns ids in bundle order, so a re-export keeps it.
    db.providerCall.findMany({ where: { runId }, orderBy: [{ startedAt: 'asc' }, { attempt: 'asc' }, { id: 'asc' }] }),
    db.toolCall.findMany({ where: { runId }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] }),
    db.reasoningTrace.findMany({ where: { runId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.errorArtifact.findMany({ where: { runId }, orderBy: [{ turnIndex: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] }),
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
      ...runTotalsOf(run),
      errorMessage: run.errorMessage,
      resumeCount: run.resumeCount,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      // Provenance: the id the run had where it was first recorded (null for a run recorded here).
      importedFromId: run.importedFromId,
      importedAt: run.importedAt,
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
    providerCalls: providerCalls.map(({ id: _id, runId: _runId, turnId, costUsd, providerCostUsd, recordedAt: _recordedAt, ...call }) => ({
      turnIndex: turnIndex.get(turnId) ?? null,
      ...call,
      costUsd: usdOf(costUsd),
      providerCostUsd: usdOf(providerCostUsd),
    })),
    toolCalls: toolCalls.map(({ id: _id, runId: _runId, turnId, ...call }) => ({ turnIndex: turnIndex.get(turnId) ?? null, ...call })),
    reasoning: reasoning.map((trace) => ({
      turnIndex: turnIndex.get(trace.turnId) ?? null,
      provider: trace.provider,
      itemId: trace.itemId,
      summary: trace.summary,
      encryptedBytes: opaqueBytes(trace.encrypted, trace.encryptedBytes),
      signatureBytes: opaqueBytes(trace.signature, trace.signatureBytes),
      redacted: trace.redacted,
      createdAt: trace.createdAt,
    })),
    errorArtifacts: errorArtifacts.map((artifact) => ({
      turnIndex: artifact.turnIndex,
      kind: artifact.kind,
      httpStatus: artifact.httpStatus,
      file: `errors/${errorArtifactFileName(artifact.turnIndex)}`,
      payload: artifact.payload,
      createdAt: artifact.createdAt,
    })),
    events: events.map((event) => ({ seq: event.seq, type: event.type, payload: event.payload, createdAt: event.createdAt })),
  };
  return redact(JSON.parse(JSON.stringify(bundle)) as typeof bundle);
}

export type RunBundle = NonNullable<Awaited<ReturnType<typeof exportRunBundle>>>;
