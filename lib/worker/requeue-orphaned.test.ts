// A worker that dies between taking a run's job and claiming the run leaves it queued without a
// job; the sweep gives such runs a new job (and leaves alone runs whose job still waits).
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { RUN_QUEUE, startQueue } from '@/lib/runs/run-queue';
import { useOwnDatabase } from '@/test/own-database';
import { requeueOrphanedRuns } from './sweepers';

// Of its own: on the shared queue another file's worker would take the waiting job (and run the
// run), and the sweep would queue other files' runs again.
const database = useOwnDatabase('switchboard_requeue');
let db: Database;
let boss: PgBoss;
beforeAll(async () => {
  db = createDatabase(database.url());
  boss = await startQueue(database.url(), () => undefined);
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await closeDatabase(db);
});

const queuedRun = (updatedAt: Date) =>
  db.run.create({
    data: {
      task: 'orphan',
      profileName: 'simulator-chat',
      provider: 'simulator',
      runtime: 'openai-chat',
      model: 'sim-gpt',
      profile: {},
      status: 'queued',
      updatedAt,
    },
  });

async function waitingJobs(runId: string): Promise<number> {
  const rows = await db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM pgboss.job WHERE name = ${RUN_QUEUE} AND data->>'runId' = ${runId} AND state IN ('created', 'retry')`;
  return Number(rows[0]!.n);
}

describe('requeueOrphanedRuns', () => {
  it('queues again a run left queued without a waiting job, and only that one', async () => {
    const old = new Date(Date.now() - 60_000);
    const orphan = await queuedRun(old);
    const waiting = await queuedRun(old);
    await boss.send(RUN_QUEUE, { runId: waiting.id });
    const fresh = await queuedRun(new Date());
    // The orphan's job was taken by a worker that died: active, never completed.
    const taken = await boss.send(RUN_QUEUE, { runId: orphan.id });
    await db.$executeRaw`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE id = ${taken}::uuid`;

    const requeued = await requeueOrphanedRuns(db, boss, 15_000);
    expect(requeued).toContain(orphan.id);
    expect(requeued).not.toContain(waiting.id);
    expect(requeued).not.toContain(fresh.id);
    expect(await waitingJobs(orphan.id)).toBe(1);
    expect(await waitingJobs(waiting.id)).toBe(1);
    expect(await requeueOrphanedRuns(db, boss, 15_000)).not.toContain(orphan.id);
  });
});
