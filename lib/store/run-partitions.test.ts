// The month partitions of a run's transcript tables (PARTITIONED_TABLES): bounds, the partitions the migration leaves,
// and ensureRunPartitions (idempotent, concurrent, emptying the default partitions). Partitions are
// DDL on whole tables: this file has a database of its own.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useOwnDatabase } from '@/test/own-database';
import { closeDatabase, createDatabase, type Database } from './database';
import {
  addMonths,
  defaultPartitionName,
  ensureRunPartitions,
  listRunPartitions,
  MONTHS_AHEAD,
  monthStart,
  partitionName,
  PARTITIONED_TABLES,
  timeOfRunId,
  uuid7Floor,
} from './run-partitions';
import { createBareRun } from './testing/bare-run';
import { monotonicUuid7 } from './uuid7';

const own = useOwnDatabase('switchboard_partitions');
let db: Database;

beforeAll(() => {
  db = createDatabase(own.url());
});

afterAll(async () => {
  await closeDatabase(db);
});

/** Where each of the run's rows is stored: partition name per table. */
async function homesOf(runId: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<Array<{ home: string }>>(
    `${PARTITIONED_TABLES.map((table) => `SELECT tableoid::regclass::text AS "home" FROM "${table}" WHERE "runId" = $1::uuid`).join(' UNION ALL ')} ORDER BY 1`,
    runId,
  );
  return rows.map((row) => row.home.replace(/"/g, ''));
}

/** A run created at `at` (its UUIDv7 id says so), with a row in each partitioned table. */
async function runWithRows(at: Date) {
  const run = await createBareRun(db, { id: monotonicUuid7(() => at.getTime())(), createdAt: at });
  const turn = await db.turn.create({ data: { runId: run.id, index: 0 } });
  await db.runEvent.create({ data: { runId: run.id, seq: 0, type: 'status', payload: { status: 'queued' } } });
  await db.providerCall.create({
    data: {
      runId: run.id,
      turnId: turn.id,
      attempt: 1,
      runtime: 'openai-chat',
      provider: 'simulator',
      profileName: 'p',
      modelRequested: 'm',
      streamRequested: true,
      streamActual: true,
      streamStarted: true,
      status: 'ok',
      startedAt: at,
    },
  });
  await db.message.create({ data: { runId: run.id, turnId: turn.id, position: 0, role: 'user', content: [] } });
  await db.toolCall.create({ data: { runId: run.id, turnId: turn.id, providerCallId: 'c1', name: 'read_file', rawArguments: '{}' } });
  await db.reasoningTrace.create({ data: { runId: run.id, turnId: turn.id, provider: 'simulator', summary: 'thought' } });
  await db.errorArtifact.create({ data: { runId: run.id, turnId: turn.id, turnIndex: 0, kind: 'server_error', payload: {} } });
  await db.rateLimitSample.create({
    data: { runId: run.id, account: 'a', runtime: 'openai-chat', provider: 'simulator', model: 'm', dimension: 'requests', observedAt: at },
  });
  return run;
}

describe('month bounds', () => {
  it('a month holds exactly the UUIDv7 ids made in it', () => {
    const month = new Date('2026-03-01T00:00:00.000Z');
    const next = addMonths(month, 1);
    expect(next.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(addMonths(new Date('2026-12-01T00:00:00.000Z'), 2).toISOString()).toBe('2027-02-01T00:00:00.000Z');
    const first = monotonicUuid7(() => month.getTime())();
    const last = monotonicUuid7(() => next.getTime() - 1)();
    expect(uuid7Floor(month) <= first && first < uuid7Floor(next)).toBe(true);
    expect(uuid7Floor(month) <= last && last < uuid7Floor(next)).toBe(true);
    expect(monotonicUuid7(() => next.getTime())() >= uuid7Floor(next)).toBe(true);
    expect(timeOfRunId(last).getTime()).toBe(next.getTime() - 1);
    expect(monthStart(new Date('2026-03-31T23:59:59.999Z')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(partitionName('RunEvent', month)).toBe('RunEvent_2026_03');
  });
});

describe('run partitions', () => {
  it('every transcript table is partitioned, with this month and the next two after the migration, and none has a foreign key', async () => {
    const defaults = PARTITIONED_TABLES.map(defaultPartitionName);
    const kinds = await db.$queryRaw<Array<{ relname: string; relkind: string }>>`
      SELECT relname, relkind::text FROM pg_class WHERE relname = ANY(${[...PARTITIONED_TABLES, ...defaults]}) ORDER BY 1`;
    expect(kinds).toEqual(
      [...PARTITIONED_TABLES.map((relname) => ({ relname, relkind: 'p' })), ...defaults.map((relname) => ({ relname, relkind: 'r' }))].sort(
        (a, b) => (a.relname < b.relname ? -1 : 1),
      ),
    );
    const foreignKeys = await db.$queryRaw<Array<{ table: string }>>`
      SELECT conrelid::regclass::text AS "table" FROM pg_constraint
      WHERE contype = 'f' AND (conrelid::regclass::text = ANY(${PARTITIONED_TABLES.map((table) => `"${table}"`)})
        OR confrelid::regclass::text = ANY(${PARTITIONED_TABLES.map((table) => `"${table}"`)}))`;
    expect(foreignKeys).toEqual([]);
    const names = (await listRunPartitions(db)).map((partition) => partition.name);
    for (const table of PARTITIONED_TABLES) {
      for (let ahead = 0; ahead <= MONTHS_AHEAD; ahead++)
        expect(names).toContain(partitionName(table, addMonths(monthStart(new Date()), ahead)));
    }
    expect(await ensureRunPartitions(db)).toEqual({ created: [], movedRows: 0 });
  });

  it('a run of a month without partitions lands in the default ones; creating its month moves its rows there', async () => {
    const later = addMonths(monthStart(new Date()), 6);
    const run = await runWithRows(new Date(later.getTime() + 3 * 86_400_000));
    expect(await homesOf(run.id)).toEqual(PARTITIONED_TABLES.map(defaultPartitionName).sort());
    const ensured = await ensureRunPartitions(db, { now: later, monthsAhead: 0 });
    expect(ensured).toEqual({ created: PARTITIONED_TABLES.map((table) => partitionName(table, later)).sort(), movedRows: 8 });
    expect(await homesOf(run.id)).toEqual(ensured.created);
    expect(await db.runEvent.count({ where: { runId: run.id } })).toBe(1);
    expect(await db.providerCall.count({ where: { runId: run.id } })).toBe(1);
    const inDefaults = await db.$queryRawUnsafe<Array<{ rows: number }>>(
      `SELECT ${PARTITIONED_TABLES.map((table) => `(SELECT count(*) FROM "${defaultPartitionName(table)}")`).join(' + ')} AS "rows"`,
    );
    expect(Number(inDefaults[0]!.rows)).toBe(0);
  });

  it('a month whose runs sit in the default partitions gets its own at the next pass, even a past one', async () => {
    const past = addMonths(monthStart(new Date()), -14);
    const run = await runWithRows(new Date(past.getTime() + 86_400_000));
    expect(await homesOf(run.id)).toEqual(PARTITIONED_TABLES.map(defaultPartitionName).sort());
    const ensured = await ensureRunPartitions(db);
    expect(ensured.created).toEqual(PARTITIONED_TABLES.map((table) => partitionName(table, past)).sort());
    expect(await homesOf(run.id)).toEqual(ensured.created);
  });

  it('creating a month does not wait for a write in progress to another month', async () => {
    const run = await createBareRun(db);
    const writer = new pg.Client({ connectionString: own.url() });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO "RunEvent" ("runId", "seq", "type", "payload") VALUES ($1, 0, 'status', '{}')`, [run.id]);
      // The write holds its locks until COMMIT; an ACCESS EXCLUSIVE lock on the table would wait past the 2 s lock timeout.
      const later = addMonths(monthStart(new Date()), 20);
      expect((await ensureRunPartitions(db, { now: later, monthsAhead: 0 })).created).toEqual(
        PARTITIONED_TABLES.map((table) => partitionName(table, later)).sort(),
      );
      await writer.query('COMMIT');
    } finally {
      await writer.end();
    }
    expect(await db.runEvent.count({ where: { runId: run.id } })).toBe(1);
  });

  it('several processes ensuring at once create each partition once', async () => {
    const others = Array.from({ length: 3 }, () => createDatabase(own.url()));
    try {
      const now = addMonths(monthStart(new Date()), 9);
      const results = await Promise.all(others.map((other) => ensureRunPartitions(other, { now })));
      const created = results.flatMap((result) => result.created).sort();
      const wanted = PARTITIONED_TABLES.flatMap((table) => [0, 1, 2].map((ahead) => partitionName(table, addMonths(now, ahead)))).sort();
      expect(created).toEqual(wanted);
      const names = (await listRunPartitions(db)).map((partition) => partition.name);
      for (const name of wanted) expect(names.filter((existing) => existing === name)).toHaveLength(1);
    } finally {
      await Promise.all(others.map(closeDatabase));
    }
  });
});
