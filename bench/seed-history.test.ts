// The bulk seed of the telemetry-scale and pages benches, on a small history: every row where the
// product would have put it (month partitions, not the default), runs and their rows agreeing, the
// rollups built. A database of its own: it loads with the foreign keys' triggers off.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRunPartitions, timeOfRunId } from '@/lib/store/run-partitions';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { refreshTelemetryRollups } from '@/lib/telemetry/rollups';
import { rollupWatermark } from '@/lib/telemetry/rollup-state';
import { useOwnDatabase } from '@/test/own-database';
import { countFromEnv, seedHistory, type SeededHistory } from './seed-history';

const own = useOwnDatabase('switchboard_seed_history');
let client: pg.Client;
let db: Database;
let history: SeededHistory;
const now = new Date();

beforeAll(async () => {
  client = new pg.Client({ connectionString: own.url() });
  await client.connect();
  db = createDatabase(own.url());
  history = await seedHistory(own.url(), { calls: 3000 }, { days: 70, now, log: () => undefined });
}, 120_000);

afterAll(async () => {
  await closeDatabase(db);
  await client.end();
});

async function count(sql: string): Promise<number> {
  return Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
}

describe('seedHistory', () => {
  it('writes the rows it says it wrote: at least the calls asked for, in whole runs', async () => {
    expect(history.calls).toBeGreaterThanOrEqual(3000);
    expect(await count('SELECT count(*) AS n FROM "Run"')).toBe(history.runs);
    expect(await count('SELECT count(*) AS n FROM "Turn"')).toBe(history.turns);
    expect(await count('SELECT count(*) AS n FROM "ProviderCall"')).toBe(history.calls);
    expect(await count('SELECT count(*) AS n FROM "ErrorArtifact"')).toBe(history.artifacts);
    expect(history.artifacts).toBeGreaterThan(0);
  });

  it("puts every run's rows in the month partition of its id, whose time is its creation", async () => {
    const runs = await client.query<{ id: string; createdAt: Date }>('SELECT "id", "createdAt" FROM "Run"');
    for (const run of runs.rows) expect(timeOfRunId(run.id).getTime()).toBe(run.createdAt.getTime());
    expect(await count('SELECT count(*) AS n FROM "ProviderCall_default"')).toBe(0);
    const months = new Set(
      (await listRunPartitions(db)).filter((partition) => partition.table === 'ProviderCall').map((partition) => partition.name),
    );
    const homes = await client.query<{ home: string }>('SELECT DISTINCT tableoid::regclass::text AS "home" FROM "ProviderCall"');
    expect(homes.rows.length).toBeGreaterThanOrEqual(3); // 70 days span three months at least
    for (const { home } of homes.rows) expect(months).toContain(home.replace(/"/g, ''));
  });

  it('spreads the runs over the days asked for, before now', async () => {
    const span = await client.query<{ first: Date; last: Date; ended: Date }>(
      'SELECT min("createdAt") AS "first", max("createdAt") AS "last", (SELECT max("endedAt") FROM "ProviderCall") AS "ended" FROM "Run"',
    );
    const { first, last, ended } = span.rows[0]!;
    expect(first.getTime() - history.from.getTime()).toBeLessThan(86_400_000);
    expect(history.to.getTime() - last.getTime()).toBeLessThan(86_400_000);
    expect(ended.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(history.to.getTime() - history.from.getTime()).toBe(70 * 86_400_000);
  });

  it("gives every call its run's and its turn's ids, inside the run's time, in its turn", async () => {
    expect(
      await count(
        `SELECT count(*) AS n FROM "ProviderCall" AS c LEFT JOIN "Turn" AS t ON t."id" = c."turnId" AND t."runId" = c."runId"
         WHERE t."id" IS NULL OR c."startedAt" < t."startedAt" OR c."endedAt" > t."finishedAt"`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM "Turn" AS t LEFT JOIN "Run" AS r ON r."id" = t."runId"
         WHERE r."id" IS NULL OR t."startedAt" < r."createdAt" OR t."finishedAt" > r."finishedAt"`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM "ErrorArtifact" AS a LEFT JOIN "Turn" AS t ON t."id" = a."turnId" WHERE t."status" <> 'failed'`,
      ),
    ).toBe(0);
  });

  it("sums each run's calls into its row, and ends it as its last call ended", async () => {
    expect(
      await count(
        `SELECT count(*) AS n FROM "Run" AS r JOIN (
           SELECT "runId", sum("inputTokens") AS input, sum("outputTokens") AS output, count(DISTINCT "turnId") AS turns FROM "ProviderCall" GROUP BY 1
         ) AS c ON c."runId" = r."id"
         WHERE c.input <> r."inputTokens" OR c.output <> r."outputTokens" OR c.turns > r."turnCount"`,
      ),
    ).toBe(0);
    const failed = await client.query<{ status: string; kind: string | null; last: string | null }>(
      `SELECT r."status", r."errorKind" AS "kind",
         (SELECT c."errorKind" FROM "ProviderCall" AS c WHERE c."runId" = r."id" ORDER BY c."startedAt" DESC LIMIT 1) AS "last"
       FROM "Run" AS r WHERE r."status" IN ('failed', 'cancelled')`,
    );
    expect(failed.rows.length).toBeGreaterThan(0);
    for (const row of failed.rows) expect(row.last).toBe(row.kind);
  });

  it('builds the telemetry rollups from scratch as a worker would: the same as a full rebuild', async () => {
    expect((await rollupWatermark(db))?.getTime()).toBe(now.getTime());
    const rollups = async () =>
      (await client.query('SELECT * FROM "TelemetryRollup" ORDER BY "widthSeconds", "provider", "model", "bucket"')).rows.map((row) =>
        JSON.stringify(row),
      );
    const monthByMonth = await rollups();
    expect(monthByMonth.length).toBeGreaterThan(0);
    await refreshTelemetryRollups(db, { full: true, now, settleMs: 0 });
    expect(await rollups()).toEqual(monthByMonth);
  });

  it('keeps the indexes of the schema', async () => {
    const indexes = await client.query<{ name: string }>(
      `SELECT indexname AS "name" FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('Run', 'Turn', 'ProviderCall', 'ErrorArtifact')`,
    );
    const names = indexes.rows.map((row) => row.name);
    for (const name of [
      'ProviderCall_startedAt_idx',
      'ProviderCall_provider_modelRequested_startedAt_idx',
      'Run_createdAt_id_idx',
      'Run_status_createdAt_idx',
    ])
      expect(names).toContain(name);
  });
});

describe('countFromEnv', () => {
  it('reads a size from the environment, with separators, else the default', () => {
    process.env.SWITCHBOARD_TEST_SIZE = '10_000,000';
    expect(countFromEnv('SWITCHBOARD_TEST_SIZE', 5)).toBe(10_000_000);
    process.env.SWITCHBOARD_TEST_SIZE = ' ';
    expect(countFromEnv('SWITCHBOARD_TEST_SIZE', 5)).toBe(5);
    process.env.SWITCHBOARD_TEST_SIZE = '1.5';
    expect(() => countFromEnv('SWITCHBOARD_TEST_SIZE', 5)).toThrow(/whole number/);
    delete process.env.SWITCHBOARD_TEST_SIZE;
  });
});
