// Integration: the charts read from rollups give exactly what they give from "ProviderCall"
// alone, and stay exact when rows arrive after a refresh. The test database is shared with
// other files, so every row here carries this file's own provider and models, and every
// compared query filters on them.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { chooseBucketSeconds } from './buckets';
import { refreshTelemetryRollups } from './rollups';
import { ROLLUP_LOCK_KEY, ROLLUP_STATE_ID } from './rollup-state';
import { chartSources, type ChartSources } from './sources';
import { everyChart, prng, providerCallOnly, randomProviderCalls, refreshRollupsWhenFree } from './test-helpers';
import type { TelemetryQuery } from './window';
import { deleteRunsWithRows } from '@/lib/store/testing/delete-runs';

const db = createDatabase(inject('databaseUrl'));
const tag = randomBytes(4).toString('hex');
const provider = `rollup-test-${tag}`;
const models = [`rollup-a-${tag}`, `rollup-b-${tag}`];
const end = new Date('2025-03-01T00:00:00.000Z');
const DAY = 86_400_000;
let turnId = '';
let runId = '';

/** Calls of this file's provider and models, in its run and turn. */
const randomCalls = (count: number, random: () => number, from: Date, spanMs: number) =>
  randomProviderCalls({ runId, turnId, provider, models }, count, random, from, spanMs);

const charts = (query: TelemetryQuery, sources: ChartSources) => everyChart(db, query, sources);

function windowOf(from: Date, to: Date, filters: { provider?: string; model?: string }): TelemetryQuery {
  return { from, to, bucketSeconds: chooseBucketSeconds((to.getTime() - from.getTime()) / 1000), ...filters };
}

const windows = [
  ['30 d', new Date(end.getTime() - 30 * DAY), end],
  ['7 d', new Date(end.getTime() - 7 * DAY), end],
  ['24 h', new Date(end.getTime() - DAY), end],
  ['4 d, unaligned edges', new Date(end.getTime() - 4 * DAY - 1234567), new Date(end.getTime() - 7654321)],
  ['120 d (week buckets)', new Date(end.getTime() - 120 * DAY), end],
] as const;

const filterSets = [{ provider }, { provider, model: models[0] }, { model: models[1] }];

beforeAll(async () => {
  const run = await db.run.create({
    data: { task: 'rollup probe', profileName: 'rollup', provider, runtime: 'openai-chat', model: models[0]!, profile: {} },
  });
  runId = run.id;
  turnId = (await db.turn.create({ data: { runId, index: 0 } })).id;
  await db.providerCall.createMany({ data: randomCalls(3000, prng(20250301), new Date(end.getTime() - 35 * DAY), 35 * DAY) });
  // The rows were recorded just now: a refresh with the normal settle time would leave them out.
  await new Promise((resolve) => setTimeout(resolve, 20));
  await refreshRollupsWhenFree(db, { full: true, settleMs: 0 });
});

/** Holds the refresh lock, as another refresher would, until `release`. */
async function holdRefreshLock() {
  const holder = new pg.Client({ connectionString: inject('databaseUrl') });
  await holder.connect();
  await holder.query('SELECT pg_advisory_lock($1)', [ROLLUP_LOCK_KEY]);
  return {
    async release() {
      await holder.query('SELECT pg_advisory_unlock($1)', [ROLLUP_LOCK_KEY]);
      await holder.end();
    },
  };
}

afterAll(async () => {
  await deleteRunsWithRows(db, { id: runId });
  await db.$disconnect();
});

describe('telemetry rollups', () => {
  it.each(windows)('answer the %s window exactly as ProviderCall does, for every filter', async (_label, from, to) => {
    for (const filters of filterSets) {
      const query = windowOf(from, to, filters);
      const sources = await chartSources(query, db);
      expect(sources.rollupRows.length, 'the rollups answer some buckets').toBeGreaterThan(0);
      expect(await charts(query, sources)).toEqual(await charts(query, providerCallOnly(query)));
    }
  });

  it('leave to ProviderCall the partial edge buckets of the window', async () => {
    const query = windowOf(new Date(end.getTime() - 4 * DAY - 1234567), new Date(end.getTime() - 7654321), { provider });
    const { rawRanges } = await chartSources(query, db);
    expect(rawRanges[0]!.from).toEqual(query.from);
    expect(rawRanges[rawRanges.length - 1]!.to).toEqual(query.to);
    for (const range of rawRanges) expect(range.to.getTime() - range.from.getTime()).toBeLessThanOrEqual(query.bucketSeconds * 1000);
  });

  it('stay exact when calls are recorded into rolled-up buckets, and take them in at the next refresh', async () => {
    const query = windowOf(new Date(end.getTime() - 30 * DAY), end, { provider });
    const late = randomCalls(40, prng(7), new Date(end.getTime() - 20 * DAY), 2 * 3_600_000);
    // No refresher (another test file's, a worker's) may roll the late calls up before the charts are read.
    const lock = await holdRefreshLock();
    let before: ChartSources;
    try {
      await db.providerCall.createMany({ data: late });
      before = await chartSources(query, db);
      const lateBucket = Math.floor((late[0]!.startedAt.getTime() - Date.UTC(2000, 0, 3)) / (query.bucketSeconds * 1000));
      expect(
        before.rollupRows.some(
          (row) => Math.floor((row.bucket.getTime() - Date.UTC(2000, 0, 3)) / (query.bucketSeconds * 1000)) === lateBucket,
        ),
      ).toBe(false);
      expect(await charts(query, before)).toEqual(await charts(query, providerCallOnly(query)));
    } finally {
      await lock.release();
    }

    // Rows recorded within the settle time are left for the next refresh; this one reads up to now.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await refreshRollupsWhenFree(db, { settleMs: 0 });
    const after = await chartSources(query, db);
    expect(after.rollupRows.length).toBeGreaterThan(before.rollupRows.length);
    expect(after.rawRanges.length).toBeLessThan(before.rawRanges.length);
    expect(await charts(query, after)).toEqual(await charts(query, providerCallOnly(query)));
  });

  it('rebuild everything when the metric definitions changed, and drop the older state', async () => {
    // A state row of definitions that are not this code's (here: the id before definitions were fingerprinted).
    await db.$executeRaw`INSERT INTO "TelemetryRollupState" ("id", "watermark", "updatedAt") VALUES ('provider-call', now(), now()) ON CONFLICT DO NOTHING`;
    expect(ROLLUP_STATE_ID).toMatch(/^provider-call:[0-9a-f]{16}$/);
    await refreshRollupsWhenFree(db, { settleMs: 0 });
    const states = await db.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "TelemetryRollupState" WHERE "id" LIKE 'provider-call%'`;
    expect(states.map((state) => state.id)).toEqual([ROLLUP_STATE_ID]);
  });

  it('refresh in one process at a time', async () => {
    const lock = await holdRefreshLock();
    try {
      expect(await refreshTelemetryRollups(db)).toEqual({ skipped: true, reason: 'another refresher holds the lock' });
    } finally {
      await lock.release();
    }
    // Once it is free (other test files refresh too: their turn may come first), a refresh goes through.
    expect((await refreshRollupsWhenFree(db)).skipped).toBe(false);
  });
});
