// Postgres stops and starts again in the middle of runs: the workers reconnect, committed events
// stay intact and in order, and every run either completes or ends `interrupted` and resumes — with
// one worker, and with two sharing the runs.
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { createDatabase } from '@/lib/store/database';
import { useRestartablePostgres } from '@/test/restartable-postgres';
import { waitUntil } from '@/test/wait-until';
import { startRun } from '@/lib/runs/start-run';
import { resumeRun } from '@/lib/runs/run-control';
import { startWorker } from './worker';

const postgres = useRestartablePostgres('restart');

/** Waits for what `probe` reads; while Postgres is down a failed read counts as "not yet". */
const waitThroughRestart = <T>(what: string, probe: () => Promise<T>, timeoutMs: number) =>
  waitUntil(what, () => probe().catch(() => null), timeoutMs, 200);

const RUNS = 3;

describe('Postgres restart mid-run', () => {
  it.each([1, 2])(
    '%i worker(s) reconnect; runs complete or end interrupted and resume; events stay intact',
    async (workerCount) => {
      const database = await postgres.startWithDatabase('switchboard_restart');
      const db = createDatabase(database.url);
      // Between them the workers run every run at once: with two, each has some.
      const workers = await Promise.all(
        Array.from({ length: workerCount }, () =>
          startWorker({ databaseUrl: database.url, concurrency: Math.ceil(RUNS / workerCount), staleAfterMs: 3_000 }),
        ),
      );
      const boss = workers[0]!.boss;
      const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
      try {
        const runIds: string[] = [];
        for (let i = 0; i < RUNS; i++) {
          const started = await startRun(
            {
              profileName: 'simulator-chat',
              task: `Story ${i}. [[words:200]]`,
              overrides: { simulatorScenario: 'slow_stream; ms=60' },
            },
            { db, boss, profiles },
          );
          if (!started.ok) throw new Error(JSON.stringify(started));
          runIds.push(started.runId);
        }
        await waitThroughRestart(
          'six text deltas',
          async () => (await db.runEvent.count({ where: { type: 'text-delta', runId: { in: runIds } } })) >= 6,
          30_000,
        );
        await waitThroughRestart(
          'every worker to run some of the runs',
          async () => {
            const running = await db.run.findMany({ where: { id: { in: runIds }, status: 'running' }, select: { workerId: true } });
            return new Set(running.map((run) => run.workerId)).size === workerCount;
          },
          30_000,
        );
        const before = await db.runEvent.findMany({ where: { runId: { in: runIds } }, orderBy: [{ runId: 'asc' }, { seq: 'asc' }] });

        await postgres.stop();
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        expect(await postgres.restart()).toBe(postgres.port());

        const finished = await waitThroughRestart(
          'every run to end',
          async () => {
            const runs = await db.run.findMany({ where: { id: { in: runIds } } });
            return runs.every((run) => ['succeeded', 'interrupted', 'failed'].includes(run.status)) ? runs : null;
          },
          60_000,
        );
        for (const run of finished.filter((candidate) => candidate.status !== 'succeeded')) {
          expect((await resumeRun(run.id, { db, boss })).ok).toBe(true);
        }
        await waitThroughRestart(
          'every run to succeed',
          async () => (await db.run.count({ where: { id: { in: runIds }, status: 'succeeded' } })) === runIds.length,
          60_000,
        );

        const after = await db.runEvent.findMany({ where: { runId: { in: runIds } }, orderBy: [{ runId: 'asc' }, { seq: 'asc' }] });
        for (const event of before) {
          expect(after.find((candidate) => candidate.runId === event.runId && candidate.seq === event.seq)).toEqual(event);
        }
        for (const runId of runIds) {
          const seqs = after.filter((event) => event.runId === runId).map((event) => event.seq);
          expect(seqs).toEqual(seqs.map((_, index) => index));
        }
      } finally {
        await Promise.all(workers.map((worker) => worker.stop().catch(() => undefined)));
        await db.$disconnect();
        await database.drop().catch(() => undefined);
        await postgres.stop();
      }
    },
    180_000,
  );
});
