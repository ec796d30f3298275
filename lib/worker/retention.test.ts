// Integration (real Postgres): SWITCHBOARD_RETENTION_DAYS drops the expired months of every run
// transcript table and deletes those runs with everything of theirs, leaves every other run whole, and
// the telemetry charts over the dropped months still show what they showed (from the rollups), even
// after a full rebuild of the rollups. Retention removes every old run of a database: this file has
// one of its own. (How long a month takes to drop is measured by `BENCH_ONLY=retention npm run bench`.)
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionNotice } from '@/lib/runs/retention-notice';
import { retentionSentence } from '@/lib/runs/retention-text';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { addMonths, ensureRunPartitions, listRunPartitions, partitionName, PARTITIONED_TABLES } from '@/lib/store/run-partitions';
import { dropExpiredPartitions, removedBeforeFor } from '@/lib/store/run-retention';
import { createBareRun } from '@/lib/store/testing/bare-run';
import { monotonicUuid7 } from '@/lib/store/uuid7';
import { chooseBucketSeconds } from '@/lib/telemetry/buckets';
import { rollupsHoldCalls } from '@/lib/telemetry/retention-guard';
import { chartSources } from '@/lib/telemetry/sources';
import { everyChart, providerCallOnly, refreshRollupsWhenFree } from '@/lib/telemetry/test-helpers';
import type { TelemetryQuery } from '@/lib/telemetry/window';
import { useOwnDatabase } from '@/test/own-database';
import { maintainRunPartitions } from './partition-maintenance';

const own = useOwnDatabase('switchboard_retention');
let db: Database;

const DAY = 86_400_000;
const RETENTION_DAYS = 60;
const now = new Date();
const removedBefore = removedBeforeFor(now, RETENTION_DAYS);
const TABLES = ['turn', 'message', 'toolCall', 'reasoningTrace', 'errorArtifact', 'runEvent', 'providerCall', 'rateLimitSample'] as const;

/** A finished run created at `at` with a row in every table that hangs off a run; its calls start over its first hours. */
async function recordedRun(at: Date, calls: number, status: 'succeeded' | 'running' = 'succeeded') {
  const run = await createBareRun(db, { id: monotonicUuid7(() => at.getTime())(), createdAt: at, status, provider: 'retention' });
  for (let index = 0; index < 2; index++) {
    const turn = await db.turn.create({ data: { runId: run.id, index, status: 'succeeded' } });
    const base = { runId: run.id, turnId: turn.id };
    await db.message.create({ data: { ...base, position: index, role: 'assistant', content: [{ type: 'text', text: 'hi' }] } });
    await db.toolCall.create({ data: { ...base, providerCallId: `call_${index}`, name: 'write_file', rawArguments: '{}' } });
    await db.reasoningTrace.create({ data: { ...base, provider: 'openai', summary: 'thinking' } });
    await db.errorArtifact.create({ data: { ...base, turnIndex: index, kind: 'rate_limit', payload: { kind: 'rate_limit' } } });
    await db.providerCall.createMany({
      data: Array.from({ length: calls }, (_, i) => ({
        ...base,
        attempt: i + 1,
        runtime: 'openai-chat',
        provider: 'retention',
        profileName: 'p',
        modelRequested: i % 2 ? 'model-a' : 'model-b',
        streamRequested: true,
        streamActual: i % 5 !== 0,
        streamStarted: i % 5 !== 0,
        status: i % 4 === 0 ? ('error' as const) : ('ok' as const),
        errorKind: i % 4 === 0 ? 'rate_limit' : null,
        httpStatus: i % 4 === 0 ? 429 : 200,
        startedAt: new Date(at.getTime() + (index * calls + i) * 3_600_000),
        latencyMs: 100 + i * 37,
        inputTokens: 1000 + i,
        outputTokens: 200 + i,
        cacheReadTokens: i % 3 ? 50 : null,
        costUsd: 0.001 * (i + 1),
      })),
    });
  }
  await db.runEvent.createMany({
    data: Array.from({ length: 5 }, (_, seq) => ({ runId: run.id, seq, type: 'status', payload: { status: 'running' } })),
  });
  await db.rateLimitSample.create({
    data: {
      runId: run.id,
      account: 'acct',
      runtime: 'openai-chat',
      provider: 'retention',
      model: 'model-a',
      dimension: 'requests',
      observedAt: at,
    },
  });
  return run;
}

async function rowsOf(runId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = { run: await db.run.count({ where: { id: runId } }) };
  for (const table of TABLES)
    counts[table] = await (db[table] as unknown as { count: (args: object) => Promise<number> }).count({ where: { runId } });
  counts.comparisonMember = await db.comparisonMember.count({ where: { runId } });
  return counts;
}

const expiredMonth = addMonths(removedBefore, -2);
const lastExpiredMonth = addMonths(removedBefore, -1);
let expired: Array<{ id: string }> = [];
let stillRunning = { id: '' };
let kept: Array<{ id: string }> = [];
let fork = { id: '' };
const keptRows = new Map<string, Record<string, number>>();
let keptComparison = '';
let expiredComparison = '';

/** Three months of charts over the expired months and the first kept one, in day buckets (aligned: no partial edge). */
const window: TelemetryQuery = (() => {
  const from = addMonths(removedBefore, -3);
  const to = new Date(removedBefore.getTime() + 5 * DAY);
  return { from, to, bucketSeconds: chooseBucketSeconds((to.getTime() - from.getTime()) / 1000), provider: 'retention' };
})();
let chartsBefore: Awaited<ReturnType<typeof everyChart>>;

let workspaces = '';

beforeAll(async () => {
  db = createDatabase(own.url());
  workspaces = await mkdtemp(join(tmpdir(), 'switchboard-retention-workspaces-'));
  await ensureRunPartitions(db, { now: expiredMonth });
  expired = [
    await recordedRun(new Date(expiredMonth.getTime() + 2 * DAY), 6),
    await recordedRun(new Date(expiredMonth.getTime() + 20 * DAY), 4),
    // Created on the month's last day: its calls go on into the next month, which is expired too.
    await recordedRun(new Date(lastExpiredMonth.getTime() - 3_600_000), 5),
    // An id that spells 1999: no month partition holds it, its rows are in the default partitions.
    await recordedRun(new Date('1999-06-01T00:00:00.000Z'), 2),
  ];
  stillRunning = await recordedRun(new Date(lastExpiredMonth.getTime() + 5 * DAY), 3, 'running');
  expired.push(stillRunning);
  kept = [await recordedRun(new Date(removedBefore.getTime() + 1 * DAY), 4), await recordedRun(new Date(now.getTime() - DAY), 3)];
  fork = await createBareRun(db, { parentRunId: expired[0]!.id, lineage: 'fork', forkedAtTurn: 0 });
  kept.push(fork);
  expiredComparison = (
    await db.comparison.create({
      data: {
        kind: 'profiles',
        task: 't',
        members: { create: [expired[0]!, expired[1]!].map((run, position) => ({ runId: run.id, position })) },
      },
    })
  ).id;
  keptComparison = (
    await db.comparison.create({
      data: { kind: 'profiles', task: 't', members: { create: kept.slice(0, 2).map((run, position) => ({ runId: run.id, position })) } },
    })
  ).id;
  for (const run of kept) keptRows.set(run.id, await rowsOf(run.id));
});

afterAll(async () => {
  await closeDatabase(db);
  await rm(workspaces, { recursive: true, force: true });
});

describe('retention (SWITCHBOARD_RETENTION_DAYS)', () => {
  it('waits while a run of an expired month is still running', async () => {
    const pass = await dropExpiredPartitions(db, { removedBefore, retentionDays: RETENTION_DAYS, guard: rollupsHoldCalls });
    expect(pass).toEqual({ dropped: false, reason: `1 run(s) created before ${removedBefore.toISOString()} are still queued or running` });
    await db.run.update({ where: { id: stillRunning.id }, data: { status: 'interrupted' } });
  });

  it('waits for the rollups to hold the calls before it drops anything', async () => {
    const pass = await dropExpiredPartitions(db, { removedBefore, retentionDays: RETENTION_DAYS, guard: rollupsHoldCalls });
    expect(pass).toEqual({ dropped: false, reason: 'the telemetry rollups have not been built yet' });
    expect(await db.retentionSweep.count()).toBe(0);
    await refreshRollupsWhenFree(db, { full: true, settleMs: 0 });
    chartsBefore = await everyChart(db, window, await chartSources(window, db));
    expect(chartsBefore, 'the rollups answer the window as ProviderCall does').toEqual(
      await everyChart(db, window, providerCallOnly(window)),
    );
  });

  it('drops the expired months and deletes their runs with every row of theirs and their workspaces; other runs stay whole', async () => {
    const partitionsBefore = await listRunPartitions(db);
    const expiredPartitions = partitionsBefore.filter((partition) => partition.to <= removedBefore).map((partition) => partition.name);
    expect(expiredPartitions.length, 'two expired months, every table').toBeGreaterThanOrEqual(2 * PARTITIONED_TABLES.length);

    for (const run of [...expired, ...kept]) await mkdir(join(workspaces, run.id), { recursive: true });
    const pass = await maintainRunPartitions(db, { retentionDays: RETENTION_DAYS, workspacesRoot: workspaces });
    expect(pass.retention).toMatchObject({ dropped: true, removedBefore, runs: expired.length, runsDeleted: expired.length });
    expect(pass.workspacesRemoved).toBe(expired.length);
    expect((await readdir(workspaces)).sort()).toEqual(kept.map((run) => run.id).sort());
    expect(pass.retention?.dropped && [...pass.retention.partitions].sort()).toEqual([...expiredPartitions].sort());

    const partitionsAfter = (await listRunPartitions(db)).map((partition) => partition.name);
    for (const name of expiredPartitions) expect(partitionsAfter).not.toContain(name);
    for (const run of expired) {
      expect(await rowsOf(run.id)).toEqual({
        run: 0,
        ...Object.fromEntries(TABLES.map((table) => [table, 0])),
        comparisonMember: 0,
      });
    }
    for (const run of kept) {
      const rows = await rowsOf(run.id);
      expect(rows).toEqual(keptRows.get(run.id));
    }
    expect(await db.comparison.count({ where: { id: expiredComparison } })).toBe(0);
    expect(await db.comparisonMember.count({ where: { comparisonId: keptComparison } })).toBe(2);
    expect((await db.run.findUniqueOrThrow({ where: { id: fork.id } })).parentRunId).toBeNull();

    const sweep = await db.retentionSweep.findFirstOrThrow();
    // The latest dropped call: the last of the once-running run's six (two turns of three, an hour apart).
    const lastCall = new Date(lastExpiredMonth.getTime() + 5 * DAY + 5 * 3_600_000);
    expect(sweep).toMatchObject({ removedBefore, retentionDays: RETENTION_DAYS, runs: expired.length, callsUntil: lastCall });
    const notice = await retentionNotice(db);
    expect(notice).toEqual({ removedBefore: removedBefore.toISOString(), retentionDays: RETENTION_DAYS });
    expect(retentionSentence(notice!)).toContain(
      `Runs created before ${removedBefore.toISOString().slice(0, 10)} (UTC) were removed by retention`,
    );
  });

  it('the charts over the dropped months still show what they showed, from the rollups, even after a full rebuild', async () => {
    const fromCalls = await everyChart(db, window, providerCallOnly(window));
    expect(fromCalls, 'ProviderCall no longer holds the dropped calls').not.toEqual(chartsBefore);
    expect(await everyChart(db, window, await chartSources(window, db))).toEqual(chartsBefore);
    await refreshRollupsWhenFree(db, { full: true, settleMs: 0 });
    expect(await everyChart(db, window, await chartSources(window, db))).toEqual(chartsBefore);
  });

  it('a later pass finds nothing more to remove', async () => {
    const pass = await maintainRunPartitions(db, { retentionDays: RETENTION_DAYS, workspacesRoot: workspaces });
    expect(pass.retention).toEqual({ dropped: false, reason: 'nothing is older than the limit', runsDeleted: 0 });
    expect(pass.workspacesRemoved).toBe(0);
    expect(await db.retentionSweep.count()).toBe(1);
  });

  it('drops an expired month that holds no run without saying runs were removed', async () => {
    const empty = addMonths(removedBefore, -12);
    await ensureRunPartitions(db, { now: empty, monthsAhead: 0 });
    const pass = await maintainRunPartitions(db, { retentionDays: RETENTION_DAYS });
    expect(pass.retention).toMatchObject({ dropped: true, runs: 0, runsDeleted: 0 });
    expect(pass.retention?.dropped && [...pass.retention.partitions].sort()).toEqual(
      PARTITIONED_TABLES.map((table) => partitionName(table, empty)).sort(),
    );
    expect(await db.retentionSweep.count()).toBe(1);
  });
});
