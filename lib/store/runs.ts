import { WRITE_TRANSACTION_OPTIONS, type Database } from './database';
import type { Prisma } from './generated/prisma/client';
import { appendRunEventsInTransaction } from './run-event-writer';
import { runUpdatedEvent } from './run-views';

/**
 * The server's guard against starting one run twice. The New run form sends an idempotency key
 * made once per rendering of the form; a second submission with the same key within this window
 * answers with the run the first one started instead of creating another. (Keys are random, so a
 * window only bounds the lookup: the `createdAt` index finds the candidates.)
 */
const START_KEY_WINDOW_MS = 10 * 60_000;

/** The first half of the advisory lock key ("SBk1"): start keys lock within their own class. */
const START_KEY_LOCK_CLASS = 0x53426b31;

/** A new run as its command validated it (profile snapshot, options), created `queued`. */
export type NewRun = Prisma.RunUncheckedCreateInput & { task: string; profileName: string; options: object };

/** `replayed`: the key's earlier run (the same task and profile); `conflict`: the key started a different run. */
export type CreateOnceResult = { runId: string; replayed?: boolean } | { conflict: true };

/**
 * Creates the run; with a key, at most once per key. The key is kept in the run's `options`
 * (`idempotencyKey`). Same-key requests are serialized by a transaction-scoped advisory lock on
 * the key, so two requests racing on any number of web processes (one database) cannot both miss
 * each other: the second waits for the first to commit, then finds its run. No schema change.
 */
export async function createRunOnce(db: Database, key: string | undefined, data: NewRun): Promise<CreateOnceResult> {
  if (!key) {
    const run = await db.run.create({ data });
    return { runId: run.id };
  }
  return db.$transaction(async (tx) => {
    const earlier = await earlierStartOfKey(tx, key);
    if (earlier) {
      if (earlier.task === data.task && earlier.profileName === data.profileName) return { runId: earlier.id, replayed: true };
      return { conflict: true as const };
    }
    const run = await tx.run.create({ data: withStartKey(data, key) });
    return { runId: run.id };
  }, WRITE_TRANSACTION_OPTIONS);
}

/**
 * Within a transaction: waits for any other request with this start key to commit (an advisory
 * lock on the key), then finds the run it started, if any. Forks, replays and comparisons use it
 * like the New run form.
 */
export async function earlierStartOfKey(
  tx: Prisma.TransactionClient,
  key: string,
): Promise<{ id: string; task: string; profileName: string } | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${START_KEY_LOCK_CLASS}::int4, hashtext(${key}))`;
  return tx.run.findFirst({
    where: { createdAt: { gte: new Date(Date.now() - START_KEY_WINDOW_MS) }, options: { path: ['idempotencyKey'], equals: key } },
    select: { id: true, task: true, profileName: true },
    orderBy: { createdAt: 'desc' },
  });
}

/** The run's data with its start key kept in its options. */
export function withStartKey<T extends NewRun>(data: T, key: string | undefined): T {
  return key ? { ...data, options: { ...data.options, idempotencyKey: key } } : data;
}

/** The run after a cancel or resume write: its status, and whether it is an imported archive (which refuses both). */
export type RunControlRow = { status: string; imported: boolean } | null;

/**
 * Cancels a queued run at once (`cancelled`, with its `run-updated` event: `seq`), or asks the
 * worker running it to stop (`requested`: it sees `cancelRequestedAt` at its next heartbeat, and
 * its log says the end). Imported runs are never touched.
 */
export async function requestCancel(
  db: Database,
  runId: string,
): Promise<{ done: 'cancelled' | 'requested' | null; run: RunControlRow; seq?: number }> {
  const now = new Date();
  const cancelled = await db.$transaction(async (tx) => {
    const queued = await tx.run.updateMany({
      where: { id: runId, status: 'queued', importedFromId: null },
      data: { status: 'cancelled', cancelRequestedAt: now, finishedAt: now },
    });
    // A queued run has no worker writing its log: the event goes after its last.
    return queued.count ? appendRunEventsInTransaction(tx, runId, [await runUpdatedEvent(tx, runId)]) : null;
  }, WRITE_TRANSACTION_OPTIONS);
  if (cancelled !== null) return { done: 'cancelled', run: { status: 'cancelled', imported: false }, seq: cancelled };
  const running = await db.run.updateMany({
    where: { id: runId, status: 'running', importedFromId: null },
    data: { cancelRequestedAt: now },
  });
  return { done: running.count === 1 ? 'requested' : null, run: await runControlRow(db, runId) };
}

/**
 * An interrupted, failed or cancelled run (not imported) goes back to `queued`, its error cleared,
 * counted as resumed; its log says so (`run-updated`). The seq of that event, or null when the run
 * was not in a state to resume.
 */
export async function requeueForResume(db: Database, runId: string): Promise<number | null> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.run.updateMany({
      where: { id: runId, status: { in: ['interrupted', 'failed', 'cancelled'] }, importedFromId: null },
      data: {
        status: 'queued',
        cancelRequestedAt: null,
        finishedAt: null,
        errorKind: null,
        errorMessage: null,
        resumeCount: { increment: 1 },
      },
    });
    // An ended run has no worker writing its log.
    return count === 1 ? appendRunEventsInTransaction(tx, runId, [await runUpdatedEvent(tx, runId)]) : null;
  }, WRITE_TRANSACTION_OPTIONS);
}

export async function runControlRow(db: Database, runId: string): Promise<RunControlRow> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, importedFromId: true } });
  return run ? { status: run.status, imported: !!run.importedFromId } : null;
}
