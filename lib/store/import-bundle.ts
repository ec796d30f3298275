import { open } from 'node:fs/promises';
import { redact } from '@/lib/redaction/redact';
import { checkRunBundle, type ParsedRunBundle } from './bundle-schema';
import { Prisma } from './generated/prisma/client';
import type { Database } from './database';
import { monotonicUuid7 } from './uuid7';

/**
 * Loads a run bundle (`exportRunBundle`'s output, possibly from another instance) as a read-only
 * archive run: new ids for every row, references rebuilt through turn indexes, one transaction.
 *
 * - Idempotent: the run remembers the id it came from (`Run.importedFromId`, unique). A bundle of
 *   a run already here — imported before, or recorded here in the first place — writes nothing.
 * - Provenance follows the original: a bundle exported from an imported run names the run it was
 *   imported from (`run.importedFromId`), and that source id is kept, not the intermediate one.
 * - Status: a run exported while `queued` or `running` becomes `interrupted` (nothing will ever
 *   execute an archive); its running turns become `failed` (finish reason `interrupted`). Every
 *   other status is kept. Imported runs cannot be resumed or cancelled (lib/runs/run-control.ts).
 * - Opaque reasoning: bundles carry sizes only; they are stored in `ReasoningTrace.encryptedBytes`
 *   / `signatureBytes` and in the messages' reasoning parts, the blobs stay null. Nothing is invented.
 * - Everything passes through the redaction module again before it is written.
 */

export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

export type BundleRowCounts = {
  turns: number;
  messages: number;
  providerCalls: number;
  toolCalls: number;
  reasoning: number;
  errorArtifacts: number;
  events: number;
};

export type ImportOutcome =
  | { status: 'imported'; runId: string; sourceId: string; runStatus: string; counts: BundleRowCounts }
  | { status: 'already-imported'; runId: string; sourceId: string; original: boolean }
  | { status: 'invalid'; message: string; issues: string[] };

export type ReadBundleResult = { ok: true; document: unknown; bytes: number } | { ok: false; message: string };

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Reads and parses a bundle file, refusing one larger than `maxBytes` before reading it. */
export async function readBundleFile(path: string, maxBytes: number = MAX_BUNDLE_BYTES): Promise<ReadBundleResult> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${(error as Error).message}` };
  }
  try {
    const stat = await handle.stat();
    const size = stat.size;
    if (!stat.isFile()) return { ok: false, message: `${path} is not a file.` };
    if (size > maxBytes)
      return { ok: false, message: `${path} is ${mib(size)}; a bundle may be at most ${mib(maxBytes)}. Nothing was imported.` };
    const text = await handle.readFile({ encoding: 'utf8' });
    try {
      return { ok: true, document: JSON.parse(text), bytes: size };
    } catch (error) {
      return { ok: false, message: `${path} is not valid JSON: ${(error as Error).message}` };
    }
  } finally {
    await handle.close();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id the run had where it was first recorded. */
export function bundleSourceId(bundle: Pick<ParsedRunBundle, 'run'>): string {
  return bundle.run.importedFromId ?? bundle.run.id;
}

async function findExisting(
  db: Pick<Prisma.TransactionClient, 'run'>,
  sourceId: string,
): Promise<{ id: string; original: boolean } | null> {
  const imported = await db.run.findUnique({ where: { importedFromId: sourceId }, select: { id: true } });
  if (imported) return { id: imported.id, original: false };
  if (!UUID.test(sourceId)) return null;
  const original = await db.run.findUnique({ where: { id: sourceId }, select: { id: true } });
  return original ? { id: original.id, original: true } : null;
}

const ARCHIVED_WHILE_ACTIVE = 'Exported while the run was still {status}; imported as an archive of what was recorded until then.';

const date = (value: string) => new Date(value);
const optionalDate = (value: string | null) => (value === null ? null : new Date(value));
/** A money column from the bundle's number (null: not known). */
const decimal = (value: number | null) => (value === null ? null : new Prisma.Decimal(value));
/** A nullable JSON column: null is SQL NULL (the export does not tell JSON null from it). */
const nullableJson = (value: Prisma.JsonValue) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));
const requiredJson = (value: Prisma.JsonValue) => (value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue));

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Imports a parsed JSON document (see `readBundleFile`). An invalid bundle writes nothing and says
 * why; a bundle of a run already here writes nothing and names it.
 */
export async function importRunBundle(db: Database, document: unknown, options: { now?: Date } = {}): Promise<ImportOutcome> {
  const checked = checkRunBundle(document);
  if (!checked.ok) return { status: 'invalid', message: checked.message, issues: checked.issues };
  const bundle = redact(checked.bundle);
  const sourceId = bundleSourceId(bundle);
  const now = options.now ?? new Date();
  try {
    return await db.$transaction(
      async (tx) => {
        const existing = await findExisting(tx, sourceId);
        if (existing) return { status: 'already-imported' as const, runId: existing.id, sourceId, original: existing.original };
        return await writeBundle(tx, bundle, sourceId, now);
      },
      // Generous: a 64 MiB bundle of a long run holds a few hundred thousand rows.
      { maxWait: 10_000, timeout: 600_000 },
    );
  } catch (error) {
    // Two imports of the same bundle at once: the unique importedFromId lets one win.
    if (!isUniqueViolation(error)) throw error;
    const existing = await findExisting(db, sourceId);
    if (!existing) throw error;
    return { status: 'already-imported', runId: existing.id, sourceId, original: existing.original };
  }
}

async function writeBundle(db: Prisma.TransactionClient, bundle: ParsedRunBundle, sourceId: string, now: Date): Promise<ImportOutcome> {
  const nextId = monotonicUuid7();
  const { run } = bundle;
  const wasActive = run.status === 'queued' || run.status === 'running';
  const runId = nextId();
  await db.run.create({
    data: {
      id: runId,
      status: wasActive ? 'interrupted' : run.status,
      task: run.task,
      profileName: run.profileName,
      provider: run.provider,
      runtime: run.runtime,
      model: run.model,
      profile: bundle.profile as Prisma.InputJsonObject,
      options: run.options as Prisma.InputJsonObject,
      turnCount: run.turnCount,
      inputTokens: run.inputTokens,
      outputTokens: run.outputTokens,
      costUsd: decimal(run.costUsd),
      providerCostUsd: decimal(run.providerCostUsd),
      errorCount: run.errorCount,
      errorKind: run.errorKind ?? (wasActive ? 'interrupted' : null),
      errorMessage: run.errorMessage ?? (wasActive ? ARCHIVED_WHILE_ACTIVE.replace('{status}', run.status) : null),
      resumeCount: run.resumeCount,
      importedFromId: sourceId,
      importedAt: now,
      createdAt: date(run.createdAt),
      startedAt: optionalDate(run.startedAt),
      finishedAt: optionalDate(run.finishedAt),
    },
  });

  const turnIds = new Map<number, string>();
  const turnStarts = new Map<number, Date>();
  const turns = bundle.turns.map((turn) => {
    const id = nextId();
    turnIds.set(turn.index, id);
    turnStarts.set(turn.index, date(turn.startedAt));
    const interrupted = wasActive && turn.status === 'running';
    return {
      id,
      runId,
      index: turn.index,
      status: interrupted ? ('failed' as const) : turn.status,
      finishReason: interrupted ? (turn.finishReason ?? 'interrupted') : turn.finishReason,
      startedAt: date(turn.startedAt),
      finishedAt: optionalDate(turn.finishedAt),
    };
  });
  // The schema guarantees every turnIndex below names a turn of the bundle.
  const turnId = (index: number) => turnIds.get(index)!;
  const optionalTurnId = (index: number | null) => (index === null ? null : turnId(index));
  /** The keys of a row of the run: a new id, the run, its turn. */
  const rowKeys = <T extends string | null>(rowTurnId: T) => ({ id: nextId(), runId, turnId: rowTurnId });

  await db.turn.createMany({ data: turns });
  await db.message.createMany({
    data: bundle.transcript.map((entry) => ({
      ...rowKeys(optionalTurnId(entry.turnIndex)),
      position: entry.position,
      role: entry.message.role,
      content: entry.message as Prisma.InputJsonObject,
      createdAt: date(entry.createdAt),
    })),
  });
  await db.providerCall.createMany({
    data: bundle.providerCalls.map(
      ({ turnIndex, costUsd, providerCostUsd, rateLimit, chainState, startedAt, firstTokenAt, endedAt, streamStarted, ...call }) => ({
        ...call,
        streamStarted: streamStarted ?? (call.streamActual && call.httpStatus !== null && call.httpStatus >= 200 && call.httpStatus < 300),
        ...rowKeys(turnId(turnIndex)),
        startedAt: date(startedAt),
        firstTokenAt: optionalDate(firstTokenAt),
        endedAt: optionalDate(endedAt),
        costUsd: decimal(costUsd),
        providerCostUsd: decimal(providerCostUsd),
        rateLimit: nullableJson(rateLimit),
        chainState: nullableJson(chainState),
        // recordedAt: now (the default), so the telemetry rollups refresh the buckets these calls fall in.
      }),
    ),
  });
  await db.toolCall.createMany({
    data: bundle.toolCalls.map(({ turnIndex, arguments: args, validationErrors, result, startedAt, finishedAt, ...call }) => ({
      ...call,
      ...rowKeys(turnId(turnIndex)),
      arguments: nullableJson(args),
      validationErrors: nullableJson(validationErrors),
      result: nullableJson(result),
      startedAt: date(startedAt),
      finishedAt: optionalDate(finishedAt),
    })),
  });
  await db.reasoningTrace.createMany({
    data: bundle.reasoning.map((trace) => ({
      ...rowKeys(turnId(trace.turnIndex)),
      provider: trace.provider,
      itemId: trace.itemId,
      summary: trace.summary,
      encrypted: null,
      signature: null,
      encryptedBytes: trace.encryptedBytes,
      signatureBytes: trace.signatureBytes,
      redacted: trace.redacted,
      createdAt: trace.createdAt ? date(trace.createdAt) : turnStarts.get(trace.turnIndex)!,
    })),
  });
  await db.errorArtifact.createMany({
    data: bundle.errorArtifacts.map((artifact) => ({
      ...rowKeys(turnIds.get(artifact.turnIndex) ?? null),
      turnIndex: artifact.turnIndex,
      kind: artifact.kind,
      httpStatus: artifact.httpStatus,
      payload: requiredJson(artifact.payload),
      createdAt: artifact.createdAt ? date(artifact.createdAt) : (turnStarts.get(artifact.turnIndex) ?? date(run.createdAt)),
    })),
  });
  await db.runEvent.createMany({
    data: bundle.events.map((event) => ({
      runId,
      seq: event.seq,
      type: event.type,
      payload: requiredJson(event.payload),
      createdAt: date(event.createdAt),
    })),
  });
  return {
    status: 'imported',
    runId,
    sourceId,
    runStatus: wasActive ? 'interrupted' : run.status,
    counts: {
      turns: turns.length,
      messages: bundle.transcript.length,
      providerCalls: bundle.providerCalls.length,
      toolCalls: bundle.toolCalls.length,
      reasoning: bundle.reasoning.length,
      errorArtifacts: bundle.errorArtifacts.length,
      events: bundle.events.length,
    },
  };
}
