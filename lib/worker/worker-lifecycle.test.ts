// Integration: cancellation, a worker killed with SIGKILL mid-stream, and two worker processes
// sharing one queue — against a real Postgres database of this file's own (no other file's worker
// takes these runs, and the sweep below touches only them) and the simulator.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { startQueue } from '@/lib/runs/run-queue';
import { startRun } from '@/lib/runs/start-run';
import { cancelRun, resumeRun } from '@/lib/runs/run-control';
import { markStaleRunsInterrupted } from '@/lib/store/stale-runs';
import { useOwnDatabase } from '@/test/own-database';
import { waitForOutput } from '@/test/wait-for-output';
import { startWorker, type WorkerHandle } from './worker';

const ROOT = join(__dirname, '../..');
const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
let db: Database;
let boss: PgBoss;
const children: ChildProcess[] = [];
const database = useOwnDatabase('switchboard_lifecycle');

beforeAll(async () => {
  db = createDatabase(database.url());
  boss = await startQueue(database.url(), () => undefined);
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await boss.stop({ graceful: false, wait: true });
  await closeDatabase(db);
});

function spawnWorker(concurrency = 4): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database.url(),
      SWITCHBOARD_WORKER_CONCURRENCY: String(concurrency),
      SWITCHBOARD_LOG_LEVEL: 'info',
      VITEST: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return waitForOutput(child, 'running', 'worker');
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const slowRun = (extra: Record<string, unknown> = {}) => ({
  profileName: 'simulator-chat',
  task: 'Tell me a long story. [[words:250]]',
  overrides: { simulatorScenario: 'slow_stream; ms=80' },
  ...extra,
});

async function start(input: unknown) {
  const started = await startRun(input, { db, boss, profiles });
  if (!started.ok) throw new Error(JSON.stringify(started));
  return started.runId;
}

describe('worker lifecycle', () => {
  it('cancels a run mid-stream: the stream is cut, not waited out', async () => {
    const worker: WorkerHandle = await startWorker({ databaseUrl: database.url(), concurrency: 1 });
    try {
      const runId = await start(slowRun());
      await waitFor(() => db.runEvent.findFirst({ where: { runId, type: 'text-delta' } }));
      expect((await cancelRun(runId, { db })).ok).toBe(true);
      const run = await waitFor(async () => {
        const row = await db.run.findUniqueOrThrow({ where: { id: runId } });
        return row.status === 'cancelled' ? row : null;
      });
      // The 250 words take 20 s to stream: a cancel that waited for the answer would find it complete.
      const call = await db.providerCall.findFirstOrThrow({ where: { runId } });
      expect([call.status, call.errorKind]).toEqual(['error', 'cancelled']);
      expect(run.finishedAt).not.toBeNull();
      const last = await db.runEvent.findFirst({ where: { runId }, orderBy: { seq: 'desc' } });
      expect(last).toMatchObject({ type: 'status', payload: { status: 'cancelled' } });
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it('a cancelled run resumed: the cancel is a notice (the call row says cancelled), startedAt stays the first start, turns count every turn', async () => {
    const worker: WorkerHandle = await startWorker({ databaseUrl: database.url(), concurrency: 1 });
    try {
      const runId = await start(slowRun());
      await waitFor(() => db.runEvent.findFirst({ where: { runId, type: 'text-delta' } }));
      expect((await cancelRun(runId, { db })).ok).toBe(true);
      const cancelled = await waitFor(async () => {
        const row = await db.run.findUniqueOrThrow({ where: { id: runId } });
        return row.status === 'cancelled' ? row : null;
      });
      expect(cancelled.startedAt).not.toBeNull();
      expect(cancelled.turnCount).toBe(1);
      expect(cancelled.errorCount).toBe(0);
      const events = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
      expect(events.filter((event) => event.type === 'error')).toEqual([]);
      expect(events.filter((event) => event.type === 'notice').map((event) => event.payload)).toContainEqual(
        expect.objectContaining({ notice: 'cancelled' }),
      );
      const call = await db.providerCall.findFirstOrThrow({ where: { runId } });
      expect([call.status, call.errorKind]).toEqual(['error', 'cancelled']);

      await new Promise((resolve) => setTimeout(resolve, 50));
      const resumedAt = new Date();
      expect((await resumeRun(runId, { db, boss })).ok).toBe(true);
      const done = await waitFor(async () => {
        const row = await db.run.findUniqueOrThrow({ where: { id: runId } });
        return row.status === 'succeeded' ? row : null;
      }, 60_000);
      expect(done.startedAt?.toISOString()).toBe(cancelled.startedAt!.toISOString());
      expect(done.finishedAt!.getTime()).toBeGreaterThan(resumedAt.getTime());
      const turns = await db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' } });
      expect(turns.map((turn) => [turn.index, turn.status])).toEqual([
        [0, 'cancelled'],
        [1, 'succeeded'],
      ]);
      expect(done.turnCount).toBe(turns.length);
      // When it continued is in its log: the second `running` status event says `resumed`.
      const running = await db.runEvent.findMany({
        where: { runId, type: 'status', payload: { path: ['status'], equals: 'running' } },
        orderBy: { seq: 'asc' },
      });
      expect(running.map((event) => (event.payload as { resumed?: boolean }).resumed)).toEqual([false, true]);
      expect(running[1]!.createdAt.getTime()).toBeGreaterThanOrEqual(resumedAt.getTime() - 5);
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('a worker killed with SIGKILL mid-stream leaves an interrupted run with its events intact, and resume completes it', async () => {
    const child = await spawnWorker(1);
    const runId = await start(slowRun());
    await waitFor(() => db.runEvent.count({ where: { runId, type: 'text-delta' } }).then((n) => n >= 3));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const committed = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });

    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await markStaleRunsInterrupted(db, 1_000)).toContain(runId);
    const interrupted = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(interrupted.status).toBe('interrupted');
    const after = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
    expect(after.slice(0, committed.length)).toEqual(committed);
    expect(after.map((event) => event.seq)).toEqual(after.map((_, index) => index));

    const worker = await startWorker({ databaseUrl: database.url(), concurrency: 1 });
    try {
      expect((await resumeRun(runId, { db, boss })).ok).toBe(true);
      const done = await waitFor(async () => {
        const row = await db.run.findUniqueOrThrow({ where: { id: runId } });
        return row.status === 'succeeded' ? row : null;
      }, 60_000);
      expect(done.resumeCount).toBe(1);
      const turns = await db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' } });
      expect(turns.map((turn) => [turn.index, turn.status, turn.finishReason])).toEqual([
        [0, 'failed', 'interrupted'],
        [1, 'succeeded', 'stop'],
      ]);
      // The turn the worker died in counts, though no provider call of it was recorded.
      expect(done.turnCount).toBe(2);
      expect(done.startedAt!.getTime()).toBe(interrupted.startedAt!.getTime());
      const messages = await db.message.findMany({ where: { runId }, orderBy: { position: 'asc' } });
      expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant']);
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('two worker processes share a queue of 20 runs: each run executes exactly once', async () => {
    await Promise.all([spawnWorker(4), spawnWorker(4)]);
    const runIds = await Promise.all(
      Array.from({ length: 20 }, (_, index) => start({ profileName: 'simulator-chat', task: `Run number ${index}: use list_files.` })),
    );
    await waitFor(async () => (await db.run.count({ where: { id: { in: runIds }, status: 'succeeded' } })) === 20, 90_000);
    const runs = await db.run.findMany({ where: { id: { in: runIds } } });
    for (const runId of runIds) {
      const starts = await db.runEvent.count({ where: { runId, type: 'status', payload: { path: ['status'], equals: 'running' } } });
      expect(starts).toBe(1);
      expect(await db.turn.count({ where: { runId } })).toBe(2);
      expect(await db.providerCall.count({ where: { runId } })).toBe(2);
    }
    expect(new Set(runs.map((run) => run.workerId)).size).toBe(2);
  }, 150_000);
});
