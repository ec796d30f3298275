// Integration: the rollups' build from scratch goes a week of calls per transaction, commits its
// progress after each, is taken up where it stopped (by any refresher), and ends with rollups that
// answer every chart exactly as "ProviderCall" does. A database of its own: the steps and the
// charts count every call of the database, and no other file's refresh may take a step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '@/lib/store/database';
import { useOwnDatabase } from '@/test/own-database';
import { chooseBucketSeconds } from './buckets';
import { BUILD_STEP_SECONDS, buildStep } from './rollup-build';
import { ROLLUP_WIDTHS_SECONDS } from './rollup-rebuild';
import { readBuild, rollupWatermark, takeRefreshLock } from './rollup-state';
import { refreshTelemetryRollups } from './rollups';
import { chartSources } from './sources';
import { everyChart, prng, providerCallOnly, randomProviderCalls } from './test-helpers';
import type { TelemetryQuery } from './window';

const database = useOwnDatabase('switchboard_rollup_build');
let db: Database;
const DAY = 86_400_000;
// The build's time: after the calls were recorded (their `recordedAt` is the clock's), so that no
// bucket counts as changed since.
let now: Date;
// Calls in five weeks, then none for three weeks, then one more week: the empty weeks take no step.
const spans = [
  { daysAgo: 60, days: 33 },
  { daysAgo: 6, days: 5 },
];
const provider = 'build-test';
const models = ['build-a', 'build-b'];
// A bucket of every width holds at most a week: a step rebuilds at most this many.
const BUCKETS_PER_STEP = ROLLUP_WIDTHS_SECONDS.reduce((sum, width) => sum + BUILD_STEP_SECONDS / width, 0);

const windowOf = (days: number): TelemetryQuery => {
  const from = new Date(now.getTime() - days * DAY);
  return { from, to: now, bucketSeconds: chooseBucketSeconds((days * DAY) / 1000) };
};

/** One step of the build in a transaction of its own, as a refresh takes it. */
const step = () =>
  db.$transaction(async (tx) => {
    expect(await takeRefreshLock(tx)).toBe(true);
    return buildStep(tx, now);
  });

beforeAll(async () => {
  db = createDatabase(database.url());
  const run = await db.run.create({
    data: { task: 'rollup build probe', profileName: 'build', provider, runtime: 'openai-chat', model: models[0]!, profile: {} },
  });
  const turn = await db.turn.create({ data: { runId: run.id, index: 0 } });
  const owner = { runId: run.id, turnId: turn.id, provider, models };
  const random = prng(20260601);
  const start = Date.now();
  for (const span of spans)
    await db.providerCall.createMany({
      data: randomProviderCalls(owner, 1500, random, new Date(start - span.daysAgo * DAY), span.days * DAY),
    });
  now = new Date(Date.now() + 1);
});

afterAll(async () => {
  await db.$disconnect();
});

describe('the rollups built from scratch', () => {
  it('go a week of calls a step, skip the weeks without calls, and leave the charts on ProviderCall until the last step', async () => {
    const steps: { buckets: number; cursor: Date | null }[] = [];
    for (;;) {
      const taken = await step();
      if (taken.finished) {
        expect(taken).toEqual({ buckets: 0, finished: now });
        break;
      }
      expect(taken.buckets).toBeGreaterThan(0);
      expect(taken.buckets).toBeLessThanOrEqual(BUCKETS_PER_STEP);
      const build = await db.$transaction((tx) => readBuild(tx));
      steps.push({ buckets: taken.buckets, cursor: build?.cursor ?? null });
      expect(build?.target).toEqual(now);
      // Not built yet: no watermark, so every chart reads "ProviderCall" alone.
      expect(await rollupWatermark(db)).toBeNull();
      expect((await chartSources(windowOf(30), db)).rollupRows).toEqual([]);
    }
    // 33 days from a day inside a week touch 5 or 6 weeks, 5 days at most 2: never the 3 empty weeks between.
    expect(steps.length).toBeGreaterThanOrEqual(6);
    expect(steps.length).toBeLessThanOrEqual(8);
    const cursors = steps.map((taken) => taken.cursor!.getTime());
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(await rollupWatermark(db)).toEqual(now);
    expect(await db.$transaction((tx) => readBuild(tx))).toBeNull();

    for (const days of [60, 30, 7]) {
      const query = windowOf(days);
      const sources = await chartSources(query, db);
      expect(sources.rollupRows.length, `${days} d from the rollups`).toBeGreaterThan(0);
      expect(await everyChart(db, query, sources)).toEqual(await everyChart(db, query, providerCallOnly(query)));
    }
  });

  it('is taken up where it stopped by the next refresh, which then goes on to its own time', async () => {
    // A full refresh stopped after its first step, as a worker that stops ends it.
    const stop = new AbortController();
    const first = await db.$transaction(async (tx) => {
      expect(await takeRefreshLock(tx)).toBe(true);
      await tx.$executeRaw`DELETE FROM "TelemetryRollupState"`;
      return buildStep(tx, now);
    });
    expect(first.finished).toBeNull();
    const cursor = (await db.$transaction((tx) => readBuild(tx)))!.cursor;
    stop.abort();
    const stopped = await refreshTelemetryRollups(db, { now, settleMs: 0, signal: stop.signal });
    expect(stopped).toMatchObject({ skipped: false, done: false, steps: 0 });
    expect((await db.$transaction((tx) => readBuild(tx)))!.cursor).toEqual(cursor);

    // Recorded after the build's target: the refresh after the build takes them in.
    const late = new Date(now.getTime() + 2 * DAY);
    const refresh = await refreshTelemetryRollups(db, { now: late, settleMs: 0 });
    expect(refresh).toMatchObject({ skipped: false, full: true, done: true, watermark: late });
    if (refresh.skipped) return;
    // The rest of the build, its end, and the refresh from its target to `late`.
    expect(refresh.steps).toBeGreaterThanOrEqual(7);
    const query = { ...windowOf(30), to: late };
    const sources = await chartSources(query, db);
    expect(sources.rollupRows.length).toBeGreaterThan(0);
    expect(await everyChart(db, query, sources)).toEqual(await everyChart(db, query, providerCallOnly(query)));
  });

  it('start again from scratch with `full`, keeping nothing of the rollup rows before', async () => {
    await db.$executeRaw`UPDATE "TelemetryRollup" SET "calls" = "calls" + 1000`;
    const refresh = await refreshTelemetryRollups(db, { now, settleMs: 0, full: true });
    expect(refresh).toMatchObject({ skipped: false, full: true, done: true, watermark: now });
    const query = windowOf(60);
    expect(await everyChart(db, query, await chartSources(query, db))).toEqual(await everyChart(db, query, providerCallOnly(query)));
  });
});
