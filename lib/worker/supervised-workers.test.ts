// Integration: `npm start`'s worker supervisor (scripts/lib/worker-supervisor.mjs) with two real
// worker processes (scripts/worker.ts, spawned as npm start spawns them) on a database of this
// file's own. One is SIGKILLed while its run streams: the supervisor starts it again, the stale
// heartbeat sweep marks the run interrupted, and resumed it finishes — its log intact and in order.
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { resumeRun } from '@/lib/runs/run-control';
import { startQueue } from '@/lib/runs/run-queue';
import { startRun } from '@/lib/runs/start-run';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { useOwnDatabase } from '@/test/own-database';
import { waitUntil } from '@/test/wait-until';
import { spawnWorkerProcess } from '../../scripts/lib/worker-process.mjs';
import { superviseWorkers, type WorkerEvent } from '../../scripts/lib/worker-supervisor.mjs';

const STALE_AFTER_MS = 3_000;
const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
const database = useOwnDatabase('switchboard_supervised');
let db: Database;
let boss: PgBoss;
let supervisor: ReturnType<typeof superviseWorkers> | null = null;
const output: string[] = [];
const events: WorkerEvent[] = [];

beforeAll(async () => {
  db = createDatabase(database.url());
  boss = await startQueue(database.url(), () => undefined);
});
afterAll(async () => {
  await supervisor?.stop();
  await boss.stop({ graceful: false, wait: true });
  await closeDatabase(db);
});

/** `what` within `timeoutMs`, else the failure says what the workers printed. */
async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000) {
  try {
    return await waitUntil(what, probe, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nthe workers said:\n${output.join('\n').slice(-4000)}`);
  }
}

describe('the workers of npm start', () => {
  it('a worker SIGKILLed mid-run is restarted; its run is swept interrupted and, resumed, finishes', async () => {
    supervisor = superviseWorkers({
      count: 2,
      spawnWorker: (worker) =>
        spawnWorkerProcess({
          env: {
            ...process.env,
            DATABASE_URL: database.url(),
            SWITCHBOARD_STALE_AFTER_MS: String(STALE_AFTER_MS),
            SWITCHBOARD_LOG_LEVEL: 'warn',
            VITEST: '',
          },
          onLine: (line) => output.push(`worker ${worker}: ${line}`),
        }),
      report: (event) => events.push(event),
    });
    await waitFor('both workers to be ready', () => supervisor!.ready().then(() => true), 60_000);
    const [first, second] = supervisor.list();
    expect(new Set([first!.workerId, second!.workerId]).size).toBe(2);

    const started = await startRun(
      {
        profileName: 'simulator-chat',
        task: 'Tell me a long story. [[words:300]]',
        overrides: { simulatorScenario: 'slow_stream; ms=60' },
      },
      { db, boss, profiles },
    );
    if (!started.ok) throw new Error(JSON.stringify(started));
    const runId = started.runId;
    await waitFor('the run to stream', async () => (await db.runEvent.count({ where: { runId, type: 'text-delta' } })) >= 3);
    const { workerId } = await db.run.findUniqueOrThrow({ where: { id: runId } });
    const victim = supervisor.list().find((worker) => worker.workerId === workerId)!;
    const bystander = supervisor.list().find((worker) => worker.workerId !== workerId)!;
    expect(victim, `the run's worker ${workerId} is one of the two`).toBeDefined();

    process.kill(victim.pid!, 'SIGKILL');
    await waitFor('the supervisor to see the worker end', () => events.some((event) => event.type === 'ended'));
    const committed = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
    expect(events.filter((event) => event.type === 'ended')).toEqual([
      { type: 'ended', worker: victim.worker, pid: victim.pid, code: null, signal: 'SIGKILL', crashesInARow: 1, restartInMs: 0 },
    ]);
    const restarted = await waitFor(
      'the worker to run again',
      () => {
        const now = supervisor!.list()[victim.worker - 1]!;
        return now.workerId && now.pid !== victim.pid && now;
      },
      60_000,
    );
    expect(restarted.workerId).not.toBe(victim.workerId);
    expect(supervisor.list()[bystander.worker - 1]).toEqual(bystander);

    await waitFor(
      'the sweep to mark the run interrupted',
      async () => (await db.run.findUniqueOrThrow({ where: { id: runId } })).status === 'interrupted',
      STALE_AFTER_MS + 20_000,
    );
    expect((await resumeRun(runId, { db, boss })).ok).toBe(true);
    const done = await waitFor(
      'the resumed run to finish',
      async () => {
        const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
        return !['queued', 'running'].includes(run.status) && run;
      },
      60_000,
    );
    expect(done.status, `${done.errorKind} ${done.errorMessage}`).toBe('succeeded');
    expect([restarted.workerId, bystander.workerId]).toContain(done.workerId);
    const log = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
    expect(log.slice(0, committed.length)).toEqual(committed);
    expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index));
    const statuses = log.filter((event) => event.type === 'status').map((event) => (event.payload as { status: string }).status);
    expect(statuses).toEqual(['running', 'interrupted', 'running', 'succeeded']);

    // Stopped as npm start stops them: each exits by itself (0), none killed, none restarted.
    const ended = await supervisor.stop();
    supervisor = null;
    expect(ended.map(({ code, signal, killed }) => ({ code, signal, killed }))).toEqual([
      { code: 0, signal: null, killed: false },
      { code: 0, signal: null, killed: false },
    ]);
    expect(events.filter((event) => event.type === 'ended')).toHaveLength(1);
  }, 180_000);
});
