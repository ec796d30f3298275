// The upgrade path of the partitioning migrations on a database that has data, from before the first
// (RunEvent and ProviderCall) and from between it and the second (the rest of a run's transcript):
// runs of several months (and one whose id is not a UUIDv7) with rows in every transcript table; the
// migrations keep every row as it was, the reads answer the same, each row sits in its run's month
// partition where that month has one (else in the default, which the workers' next pass empties;
// the odd id stays there), new rows go to their month, RunEvent ids continue, and the result is the
// schema a fresh database gets (no drift).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations, diffSchemaToSql } from '../../scripts/lib/migrations.mjs';
import { createDatabase as createEmptyDatabase, dropDatabase, freshDatabaseName } from '../../scripts/lib/test-database.mjs';
import { listRuns, parseRunListParams } from '@/lib/runs/list-runs';
import { getRunDetail, listRunEvents } from '@/lib/runs/run-detail';
import { everyChart, providerCallOnly } from '@/lib/telemetry/test-helpers';
import type { TelemetryQuery } from '@/lib/telemetry/window';
import { closeDatabase, createDatabase, type Database } from './database';
import { exportRunBundle } from './export-bundle';
import {
  addMonths,
  defaultPartitionName,
  ensureRunPartitions,
  monthStart,
  partitionName,
  PARTITIONED_TABLES,
  timeOfRunId,
  type PartitionedTable,
} from './run-partitions';
import { createBareRun } from './testing/bare-run';
import { monotonicUuid7 } from './uuid7';

const ROOT = join(__dirname, '../..');
const MIGRATIONS = join(ROOT, 'prisma/migrations');
const PARTITIONING = '20261207123000_partition_run_events_and_provider_calls';
const TRANSCRIPTS = '20261208000000_partition_run_transcripts';
const DAY = 86_400_000;

let name = '';
let url = '';
let previousMigrations = '';
let db: Database;
const runIds: string[] = [];

const window: TelemetryQuery = (() => {
  const to = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1));
  const from = new Date(to.getTime() - 100 * 7 * DAY);
  return { from, to, bucketSeconds: 604_800, provider: 'upgrade' };
})();

/** A run with `events` events and `calls` provider calls, as the previous schema stored them. */
async function seedRun(id: string, at: Date, events: number, calls: number) {
  const run = await createBareRun(db, { id, createdAt: at, provider: 'upgrade', status: 'succeeded' });
  const turn = await db.turn.create({ data: { runId: run.id, index: 0, status: 'succeeded' } });
  await db.runEvent.createMany({
    data: Array.from({ length: events }, (_, seq) => ({ runId: run.id, seq, type: 'text-delta', payload: { text: `chunk ${seq}` } })),
  });
  await db.providerCall.createMany({
    data: Array.from({ length: calls }, (_, i) => ({
      runId: run.id,
      turnId: turn.id,
      attempt: i + 1,
      runtime: 'openai-chat',
      provider: 'upgrade',
      profileName: 'p',
      modelRequested: 'm',
      streamRequested: true,
      streamActual: true,
      streamStarted: i % 3 !== 0,
      status: i % 4 ? ('ok' as const) : ('error' as const),
      errorKind: i % 4 ? null : 'rate_limit',
      startedAt: new Date(at.getTime() + i * 60_000),
      latencyMs: 100 + i,
      inputTokens: 10 * i,
      outputTokens: i,
      costUsd: 0.01 * i,
    })),
  });
  const base = { runId: run.id, turnId: turn.id };
  await db.message.createMany({
    data: [0, 1].map((position) => ({
      ...base,
      position,
      role: position ? 'assistant' : 'user',
      content: [{ type: 'text', text: `m${position}` }],
    })),
  });
  await db.toolCall.create({
    data: { ...base, providerCallId: 'call_1', name: 'read_file', rawArguments: '{"path":"a"}', arguments: { path: 'a' } },
  });
  await db.reasoningTrace.create({ data: { ...base, provider: 'openai', summary: 'thinking', encrypted: 'opaque' } });
  await db.errorArtifact.create({ data: { ...base, turnIndex: 0, kind: 'rate_limit', httpStatus: 429, payload: { kind: 'rate_limit' } } });
  await db.rateLimitSample.create({
    data: {
      runId: run.id,
      account: 'acct',
      runtime: 'openai-chat',
      provider: 'upgrade',
      model: 'm',
      dimension: 'requests',
      limit: 100n,
      remaining: 7n,
      observedAt: at,
    },
  });
  runIds.push(run.id);
}

/** Every row of every transcript table, every column, in a stable order. */
async function allRows(): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const table of PARTITIONED_TABLES) {
    rows[table] = await db.$queryRawUnsafe(`SELECT * FROM "${table}" ORDER BY ${table === 'RunEvent' ? '"id"' : '"id", "runId"'}`);
  }
  return rows;
}

/** What the console reads from these tables: run pages, logs, bundles, the windowed list, the charts. */
async function reads() {
  const params = parseRunListParams({ from: window.from.toISOString(), to: window.to.toISOString(), provider: 'upgrade' });
  if (!params.ok) throw new Error(params.message);
  return {
    details: await Promise.all(runIds.map((id) => getRunDetail(db, id))),
    logs: await Promise.all(runIds.map((id) => listRunEvents(db, id, 2))),
    bundles: (await Promise.all(runIds.map((id) => exportRunBundle(db, id)))).map((bundle) => ({ ...bundle, exportedAt: null })),
    list: (await listRuns(db, params.params, new Date(0))).runs.map((run) => run.id),
    charts: await everyChart(db, window, providerCallOnly(window)),
  };
}

async function homes(table: PartitionedTable): Promise<Array<{ runId: string; home: string }>> {
  return db.$queryRawUnsafe(`SELECT DISTINCT "runId"::text AS "runId", tableoid::regclass::text AS "home" FROM "${table}" ORDER BY 1`);
}

/** The run ids seeded, oldest first: 14 months ago, 2 months ago, the last ms of last month but one, now, and one not a UUIDv7. */
async function seedRuns() {
  const thisMonth = monthStart(new Date());
  await seedRun(
    monotonicUuid7(() => addMonths(thisMonth, -14).getTime() + 5 * DAY)(),
    new Date(addMonths(thisMonth, -14).getTime() + 5 * DAY),
    40,
    12,
  );
  await seedRun(
    monotonicUuid7(() => addMonths(thisMonth, -2).getTime() + 9 * DAY)(),
    new Date(addMonths(thisMonth, -2).getTime() + 9 * DAY),
    25,
    7,
  );
  await seedRun(monotonicUuid7(() => addMonths(thisMonth, -1).getTime() - 1)(), new Date(addMonths(thisMonth, -1).getTime() - 1), 3, 2);
  await seedRun(monotonicUuid7()(), new Date(), 60, 9);
  // Not a UUIDv7 (a row put in by hand): its first 48 bits spell a time far in the future.
  await seedRun('ffff0000-1111-4222-8333-444455556666', new Date(), 5, 3);
}

/** Where each run's rows of `table` are: its month's partition, or the default when that month has none (or cannot). */
async function expectHomes(table: PartitionedTable, monthsWithPartitions: (month: Date) => boolean) {
  const monthOf = (runId: string) => monthStart(timeOfRunId(runId));
  expect(await homes(table), table).toEqual(
    [...runIds].sort().map((runId) => ({
      runId,
      home: `"${!runId.startsWith('ffff') && monthsWithPartitions(monthOf(runId)) ? partitionName(table, monthOf(runId)) : defaultPartitionName(table)}"`,
    })),
  );
}

for (const from of [PARTITIONING, TRANSCRIPTS]) {
  const pending = from === PARTITIONING ? [PARTITIONING, TRANSCRIPTS] : [TRANSCRIPTS];
  describe(`the partitioning migrations on a database with data, from before ${from}`, () => {
    beforeAll(async () => {
      runIds.length = 0;
      name = freshDatabaseName('switchboard_upgrade');
      url = await createEmptyDatabase(inject('databaseServerUrl'), name);
      previousMigrations = mkdtempSync(join(tmpdir(), 'switchboard-migrations-'));
      cpSync(MIGRATIONS, previousMigrations, {
        recursive: true,
        filter: (source) => !pending.some((migration) => source.includes(migration)),
      });
      const applied = await applyMigrations(url, previousMigrations);
      for (const migration of pending) expect(applied).not.toContain(migration);
      db = createDatabase(url);
      await seedRuns();
    }, 120_000);

    afterAll(async () => {
      await closeDatabase(db);
      await dropDatabase(inject('databaseServerUrl'), name);
      rmSync(previousMigrations, { recursive: true, force: true });
    });

    it('keeps every row and every read, puts each row in its month, routes new rows, and leaves no drift', async () => {
      const rowsBefore = await allRows();
      const readsBefore = await reads();
      const lastEventId = (await db.runEvent.aggregate({ _max: { id: true } }))._max.id!;
      expect(rowsBefore.RunEvent).toHaveLength(133);
      expect(rowsBefore.ProviderCall).toHaveLength(33);
      for (const table of ['Turn', 'ToolCall', 'ReasoningTrace', 'ErrorArtifact', 'RateLimitSample'])
        expect(rowsBefore[table]).toHaveLength(5);
      expect(rowsBefore.Message).toHaveLength(10);
      expect(readsBefore.list).toHaveLength(runIds.length);
      expect(readsBefore.details.map((detail) => detail?.turns[0]?.calls.length)).toEqual([12, 7, 2, 9, 3]);
      expect(readsBefore.logs.map((log) => log.length)).toEqual([37, 22, 0, 57, 2]);

      expect(await applyMigrations(url, MIGRATIONS)).toEqual(pending);

      expect(await allRows()).toEqual(rowsBefore);
      expect(await reads()).toEqual(readsBefore);

      // From before the first, every month a run was created in got its partitions; from between the
      // two, the months the database had then (this one and two ahead), and the rest wait in the defaults.
      const thisMonth = monthStart(new Date());
      const partitioned = (month: Date) => from === PARTITIONING || month >= thisMonth;
      for (const table of PARTITIONED_TABLES) await expectHomes(table, partitioned);
      // The workers' next pass gives every month its partitions and empties the defaults (the odd id stays).
      await ensureRunPartitions(db);
      for (const table of PARTITIONED_TABLES) await expectHomes(table, () => true);
      expect(await allRows()).toEqual(rowsBefore);

      // New rows: a new event of an old run goes to that run's month, ids continue; a new run's go to this month.
      const [oldRun] = runIds;
      const monthOf = (runId: string) => monthStart(timeOfRunId(runId));
      const appended = await db.runEvent.create({ data: { runId: oldRun!, seq: 40, type: 'status', payload: { status: 'succeeded' } } });
      expect(appended.id).toBeGreaterThan(lastEventId);
      const fresh = await createBareRun(db);
      await db.runEvent.create({ data: { runId: fresh.id, seq: 0, type: 'status', payload: { status: 'queued' } } });
      const newHomes = await db.$queryRaw<Array<{ seq: number; home: string }>>`
        SELECT "seq", tableoid::regclass::text AS "home" FROM "RunEvent" WHERE ("runId" = ${oldRun}::uuid AND "seq" = 40) OR "runId" = ${fresh.id}::uuid ORDER BY "seq" DESC`;
      expect(newHomes).toEqual([
        { seq: 40, home: `"${partitionName('RunEvent', monthOf(oldRun!))}"` },
        { seq: 0, home: `"${partitionName('RunEvent', monthStart(new Date()))}"` },
      ]);

      const drift = await diffSchemaToSql({ from: 'database', databaseUrl: url, schemaPath: join(ROOT, 'prisma/schema.prisma') });
      expect(drift.trim()).toBe('-- This is an empty migration.');
    });
  });
}
