// Retention (SWITCHBOARD_RETENTION_DAYS): runs older than the limit go, a month at a time.
// 1. `dropExpiredPartitions` drops the month partitions of every run transcript table (RunEvent,
//    ProviderCall, Turn, Message, ToolCall, ReasoningTrace, ErrorArtifact, RateLimitSample) whose
//    runs were all created before the cutoff — the whole of those runs but their Run rows, gone in
//    one short transaction whatever its size — and records the pass (RetentionSweep: the runs list
//    says so, the telemetry rollups keep those calls' buckets as they are).
// 2. `deleteRemovedRuns` then deletes what is left of those runs: their rows in the default
//    partitions (normally none; a statement per table), the comparisons they stood in, and the Run
//    rows in batches, so that no lock on Run is held for long; a pass cut short continues at the
//    next. No foreign key cascades from Run into the partitioned tables (run-partitions.ts says
//    why), so a Run row costs its own delete and the checks of the two keys that reference it
//    (ComparisonMember, a child run's parent).
import type { Database } from './database';
import type { Prisma } from './generated/prisma/client';
import { listRunPartitions, monthStart, PARTITION_LOCK_KEY, PARTITIONED_TABLES, uuid7Floor } from './run-partitions';

/** Runs created before this are removed: the start of the month the limit falls in (whole months go). */
export function removedBeforeFor(now: Date, retentionDays: number): Date {
  return monthStart(new Date(now.getTime() - retentionDays * 86_400_000));
}

/** What the provider calls about to be dropped last touched: their latest start and write. */
export type DroppedCalls = { lastStartedAt: Date | null; lastRecordedAt: Date | null };

/**
 * Asked inside the dropping transaction, with the tables locked: null to go on, or why not yet
 * (the telemetry rollups must hold the calls first: lib/telemetry/retention-guard.ts).
 */
export type RetentionGuard = (tx: Prisma.TransactionClient, calls: DroppedCalls) => Promise<string | null>;

export type RetentionPass =
  { dropped: true; removedBefore: Date; partitions: string[]; runs: number; calls: DroppedCalls } | { dropped: false; reason: string };

/**
 * Short enough that a write waiting behind this transaction's table locks waits less than
 * Postgres' deadlock_timeout (1 s): if the two ever wait on each other, this one gives up first.
 */
const DROP_LOCK_TIMEOUT = '500ms';

/**
 * Drops the partitions of the runs created before `removedBefore` and records the pass, unless a run
 * of theirs is still queued or running or `guard` says not yet. The tables are locked (ACCESS
 * EXCLUSIVE) for the few milliseconds it takes, so no row joins the partitions between the checks
 * and the drop; when the locks are not free within DROP_LOCK_TIMEOUT the pass is left for later.
 */
export async function dropExpiredPartitions(
  db: Database,
  options: { removedBefore: Date; retentionDays: number; guard: RetentionGuard },
): Promise<RetentionPass> {
  const { removedBefore, retentionDays, guard } = options;
  const bound = uuid7Floor(removedBefore);
  try {
    return await db.$transaction(
      async (tx): Promise<RetentionPass> => {
        const [lock] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${PARTITION_LOCK_KEY}) AS locked`;
        if (!lock?.locked) return { dropped: false, reason: 'another process is changing the partitions' };
        const [last] = await tx.$queryRaw<Array<{ removedBefore: Date | null }>>`
          SELECT max("removedBefore") AS "removedBefore" FROM "RetentionSweep"`;
        const expired = (await listRunPartitions(tx)).filter((partition) => partition.to <= removedBefore);
        const [left] = await tx.$queryRaw<Array<{ runs: number }>>`SELECT count(*)::int AS "runs" FROM "Run" WHERE "id" < ${bound}::uuid`;
        const runs = left?.runs ?? 0;
        if (!expired.length && (runs === 0 || (last?.removedBefore && last.removedBefore >= removedBefore))) {
          return { dropped: false, reason: 'nothing is older than the limit' };
        }
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${DROP_LOCK_TIMEOUT}'`);
        await tx.$executeRawUnsafe(`LOCK TABLE ${PARTITIONED_TABLES.map((table) => `"${table}"`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
        const [active] = await tx.$queryRaw<Array<{ runs: number }>>`
          SELECT count(*)::int AS "runs" FROM "Run" WHERE "id" < ${bound}::uuid AND "status" IN ('queued', 'running')`;
        if (active?.runs)
          return {
            dropped: false,
            reason: `${active.runs} run(s) created before ${removedBefore.toISOString()} are still queued or running`,
          };
        const [calls] = await tx.$queryRaw<DroppedCalls[]>`
          SELECT max("startedAt") AS "lastStartedAt", max("recordedAt") AS "lastRecordedAt" FROM "ProviderCall" WHERE "runId" < ${bound}::uuid`;
        const dropped: DroppedCalls = { lastStartedAt: calls?.lastStartedAt ?? null, lastRecordedAt: calls?.lastRecordedAt ?? null };
        const notYet = await guard(tx, dropped);
        if (notYet) return { dropped: false, reason: notYet };
        const partitions = expired.map((partition) => partition.name);
        // Without runs the partitions are empty (every row belongs to a run): nothing was removed, nothing to say.
        if (runs > 0) {
          await tx.retentionSweep.create({
            data: { removedBefore, retentionDays, partitions, runs, callsUntil: dropped.lastStartedAt },
          });
        }
        for (const name of partitions) await tx.$executeRawUnsafe(`DROP TABLE "${name}"`);
        return { dropped: true, removedBefore, partitions, runs, calls: dropped };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  } catch (error) {
    if (isLockTimeout(error)) return { dropped: false, reason: 'the tables were busy; the next pass tries again' };
    throw error;
  }
}

function isLockTimeout(error: unknown): boolean {
  return /lock timeout/i.test(error instanceof Error ? error.message : String(error));
}

/** Runs created before this were removed by retention (the latest pass's `removedBefore`); null before any pass. */
export async function removedBeforeSoFar(db: Database): Promise<Date | null> {
  const [last] = await db.$queryRaw<
    Array<{ removedBefore: Date | null }>
  >`SELECT max("removedBefore") AS "removedBefore" FROM "RetentionSweep"`;
  return last?.removedBefore ?? null;
}

/**
 * Deletes the runs created before the latest pass's `removedBefore` that are still there: first
 * their rows that no dropped partition held (a default partition's, or a month partition's made by
 * hand), then the comparisons they stood in (a comparison missing a column no longer compares),
 * then the Run rows `batchSize` at a time, each batch its own statement, until none is left or
 * `signal` aborts (the worker stops; the next pass goes on). Returns how many runs were deleted.
 */
export async function deleteRemovedRuns(db: Database, options: { batchSize?: number; signal?: AbortSignal } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 2_000;
  const removedBefore = await removedBeforeSoFar(db);
  if (!removedBefore) return 0;
  const bound = uuid7Floor(removedBefore);
  for (const table of PARTITIONED_TABLES) await db.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "runId" < $1::uuid`, bound);
  await db.$executeRaw`
    DELETE FROM "Comparison" WHERE "id" IN (SELECT "comparisonId" FROM "ComparisonMember" WHERE "runId" < ${bound}::uuid)`;
  let deleted = 0;
  for (;;) {
    const count = await db.$executeRaw`
      DELETE FROM "Run" WHERE "id" IN (SELECT "id" FROM "Run" WHERE "id" < ${bound}::uuid ORDER BY "id" LIMIT ${batchSize})`;
    deleted += count;
    if (count < batchSize || options.signal?.aborted) return deleted;
  }
}
