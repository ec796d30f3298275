// A run's transcript — RunEvent, ProviderCall, Turn, Message, ToolCall, ReasoningTrace, ErrorArtifact,
// RateLimitSample — is partitioned by the month its run was created: RANGE ("runId"), because run
// ids are UUIDv7 (their first 48 bits are the creation time in ms), so a month is the range from
// its first possible id to the next month's. A run's rows all sit in one partition of each table;
// reads by run are pruned to it; retention drops whole months (run-retention.ts).
//
// Run transcripts are partitioned, and carry no foreign keys: a foreign key from a partitioned table
// to Run or Turn runs a planned query for every run or turn deleted (a cascade) and for every row of
// a partition detached (the check that nothing references it) — seconds for a month of runs, and
// growing with the tables. The rows are written by this store's repositories under the run's fence
// and removed only by retention, which removes every table's rows of a run together.
//
// Months ahead, not a hope: the workers create this month's partition and the next MONTHS_AHEAD
// ones at start and every hour. Behind that, a DEFAULT partition takes any row no month holds, so
// an insert never fails for a missing partition — rows can come from where no worker has looked
// for months: the console cancelling a queued run, `npm run import`, a console that ran without
// workers, a run id that is not a UUIDv7 of now (rows inserted by hand). A missing partition would
// fail a run's write; the default costs one scan of a normally empty table when a month is
// created, and this module empties it: a month created later takes its rows out of the default.
import type { Database } from './database';
import type { Prisma } from './generated/prisma/client';

/** Partitioned alike (scripts/lib/unenforced-relations.mjs lists the same tables for the schema diff). */
export const PARTITIONED_TABLES = [
  'RunEvent',
  'ProviderCall',
  'Turn',
  'Message',
  'ToolCall',
  'ReasoningTrace',
  'ErrorArtifact',
  'RateLimitSample',
] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

/** Month partitions kept ahead of the current month. */
export const MONTHS_AHEAD = 2;

/** No partition is made for a month before this: a run id spelling an earlier time is not a UUIDv7 of ours. */
const FIRST_MONTH = new Date(Date.UTC(2000, 0, 1));

/** Serializes partition changes (created here, dropped by retention) across every process. */
export const PARTITION_LOCK_KEY = 0x5b_70_11_0c;

/** How long a partition change waits for the tables' locks before it gives up until its next turn. */
const LOCK_TIMEOUT = '2s';

type Sql = Database | Prisma.TransactionClient;

/** The first instant of the UTC month of `at`. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function addMonths(month: Date, months: number): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + months, 1));
}

/** The lowest UUIDv7 of the millisecond `at`: the bound between runs created before and from it. */
export function uuid7Floor(at: Date): string {
  const ms = at.getTime();
  if (!Number.isInteger(ms) || ms < 0 || ms >= 2 ** 48) throw new Error(`no UUIDv7 holds the time ${String(at)}`);
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/** When a run was created, as its UUIDv7 id says (the first 48 bits, in ms). */
export function timeOfRunId(id: string): Date {
  return new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16));
}

export function partitionName(table: PartitionedTable, month: Date): string {
  return `${table}_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function defaultPartitionName(table: PartitionedTable): string {
  return `${table}_default`;
}

/** A partition of one of PARTITIONED_TABLES holding the runs created in [from, to). */
export type RunPartition = { table: PartitionedTable; name: string; from: Date; to: Date };

const UUID = "'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'";
const RANGE_BOUND = new RegExp(`^FOR VALUES FROM \\(${UUID}\\) TO \\(${UUID}\\)$`);

/** The range partitions of every partitioned table as the catalogue has them (the default partitions left out). */
export async function listRunPartitions(db: Sql): Promise<RunPartition[]> {
  const rows = await db.$queryRaw<Array<{ table: PartitionedTable; name: string; bound: string }>>`
    SELECT parent.relname AS "table", child.relname AS "name", pg_get_expr(child.relpartbound, child.oid) AS "bound"
    FROM pg_inherits
      JOIN pg_class AS parent ON parent.oid = pg_inherits.inhparent
      JOIN pg_class AS child ON child.oid = pg_inherits.inhrelid
    WHERE parent.relnamespace = current_schema()::regnamespace AND parent.relname = ANY(${[...PARTITIONED_TABLES]})
    ORDER BY 1, 2`;
  const partitions: RunPartition[] = [];
  for (const row of rows) {
    if (row.bound === 'DEFAULT') continue;
    const match = RANGE_BOUND.exec(row.bound);
    if (!match) throw new Error(`${row.name}: unexpected partition bound ${row.bound}`);
    partitions.push({ table: row.table, name: row.name, from: timeOfRunId(match[1]!), to: timeOfRunId(match[2]!) });
  }
  return partitions;
}

/** The months whose runs have rows in a table's default partition (a month partition should hold them). */
async function monthsInDefault(db: Sql, table: PartitionedTable): Promise<Date[]> {
  const rows = await db.$queryRawUnsafe<Array<{ ms: number }>>(
    `SELECT DISTINCT (extract(epoch FROM date_trunc('month', to_timestamp(('x' || left(replace("runId"::text, '-', ''), 12))::bit(48)::bigint / 1000.0) AT TIME ZONE 'UTC')) * 1000)::float8 AS "ms"
     FROM "${defaultPartitionName(table)}"`,
  );
  return rows.map((row) => new Date(row.ms));
}

/** The month partitions that should exist and do not: this month, the ones ahead, and those the default holds rows of. */
async function missingPartitions(db: Sql, now: Date, monthsAhead: number): Promise<Array<{ table: PartitionedTable; month: Date }>> {
  const existing = await listRunPartitions(db);
  const lastMonth = addMonths(monthStart(now), monthsAhead);
  // The tables are partitioned alike: a month one of them has or needs, all get.
  const wanted = new Map<number, Date>(existing.map((partition) => [partition.from.getTime(), monthStart(partition.from)]));
  for (let ahead = 0; ahead <= monthsAhead; ahead++)
    wanted.set(addMonths(monthStart(now), ahead).getTime(), addMonths(monthStart(now), ahead));
  for (const table of PARTITIONED_TABLES) {
    for (const month of await monthsInDefault(db, table)) {
      if (month >= FIRST_MONTH && month <= lastMonth) wanted.set(month.getTime(), month);
    }
  }
  const missing: Array<{ table: PartitionedTable; month: Date }> = [];
  for (const table of PARTITIONED_TABLES) {
    for (const month of wanted.values()) {
      const end = addMonths(month, 1);
      // A month overlapping a partition of other bounds (made by hand) is left to it and the default.
      if (!existing.some((partition) => partition.table === table && partition.from < end && partition.to > month)) {
        missing.push({ table, month });
      }
    }
  }
  return missing.sort((a, b) => a.month.getTime() - b.month.getTime() || a.table.localeCompare(b.table));
}

/**
 * Creates the month partition of `table` for `month`, moving the rows the default holds for it:
 * a table made LIKE the parent, filled from the default (locked meanwhile, so no row slips in),
 * then attached — which takes only a SHARE UPDATE EXCLUSIVE lock on the parent, so inserts and
 * reads of other months go on. Returns the rows moved, or null when another process made it first.
 */
async function createMonthPartition(db: Database, table: PartitionedTable, month: Date): Promise<number | null> {
  const name = partitionName(table, month);
  const from = uuid7Floor(month);
  const to = uuid7Floor(addMonths(month, 1));
  return db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PARTITION_LOCK_KEY})`;
      const existing = await listRunPartitions(tx);
      if (existing.some((partition) => partition.table === table && partition.from < addMonths(month, 1) && partition.to > month))
        return null;
      const fallback = defaultPartitionName(table);
      await tx.$executeRawUnsafe(`LOCK TABLE "${fallback}" IN ACCESS EXCLUSIVE MODE`);
      await tx.$executeRawUnsafe(`CREATE TABLE "${name}" (LIKE "${table}" INCLUDING DEFAULTS)`);
      const moved = await tx.$executeRawUnsafe(
        `WITH moved AS (DELETE FROM "${fallback}" WHERE "runId" >= '${from}' AND "runId" < '${to}' RETURNING *)
         INSERT INTO "${name}" SELECT * FROM moved`,
      );
      await tx.$executeRawUnsafe(`ALTER TABLE "${table}" ATTACH PARTITION "${name}" FOR VALUES FROM ('${from}') TO ('${to}')`);
      return moved;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

export type EnsuredPartitions = { created: string[]; movedRows: number };

/**
 * Makes sure this month's partitions and the next `monthsAhead` exist for every table, and that a
 * month with rows in a default partition has its own. Idempotent, and safe from several processes
 * at once (an advisory lock; each partition in a transaction of its own). Cheap when nothing is
 * missing: one catalogue read and a scan of the (empty) default partitions.
 */
export async function ensureRunPartitions(db: Database, options: { now?: Date; monthsAhead?: number } = {}): Promise<EnsuredPartitions> {
  const missing = await missingPartitions(db, options.now ?? new Date(), options.monthsAhead ?? MONTHS_AHEAD);
  const result: EnsuredPartitions = { created: [], movedRows: 0 };
  for (const { table, month } of missing) {
    const moved = await createMonthPartition(db, table, month);
    if (moved === null) continue;
    result.created.push(partitionName(table, month));
    result.movedRows += moved;
  }
  return result;
}
