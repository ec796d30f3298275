import pg from 'pg';
import PgBoss from 'pg-boss';

export const RUN_QUEUE = 'switchboard-runs';

export type RunJob = { runId: string };

/** pg_advisory_lock key held while the run queue is created (distinct from the rollups' and alerts'). */
export const QUEUE_CREATION_LOCK_KEY = 0x5b_90_e0_01;

/**
 * Creates the run queue unless it exists. pg-boss' createQueue attaches a partition to its job
 * table: two processes creating it at once (`npm start`'s workers on a new database) deadlock, so
 * the creators take turns under an advisory lock; after the first, the others find it there.
 */
async function ensureRunQueue(boss: PgBoss, databaseUrl: string): Promise<void> {
  if (await boss.getQueue(RUN_QUEUE)) return;
  const lock = new pg.Client({ connectionString: databaseUrl, application_name: 'switchboard-queue' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [QUEUE_CREATION_LOCK_KEY]);
    // Runs are never retried by the queue: an interrupted run is marked as such and resumed on request.
    if (!(await boss.getQueue(RUN_QUEUE))) await boss.createQueue(RUN_QUEUE, { name: RUN_QUEUE, retryLimit: 0, expireInSeconds: 6 * 3600 });
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}

/** pg-boss on the app's database (schema `pgboss`): any number of workers on any machine share it. */
export async function startQueue(databaseUrl: string, onError: (error: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4, application_name: 'switchboard-queue' });
  boss.on('error', onError);
  await boss.start();
  await ensureRunQueue(boss, databaseUrl);
  return boss;
}

export async function enqueueRun(boss: PgBoss, runId: string): Promise<void> {
  await boss.send(RUN_QUEUE, { runId } satisfies RunJob, { retryLimit: 0, expireInSeconds: 6 * 3600 });
}

const globalForQueue = globalThis as unknown as { switchboardQueue?: Promise<PgBoss> };

/** The console's queue to send runs to, on DATABASE_URL (the workers are other processes). */
export function runQueue(): Promise<PgBoss> {
  if (!globalForQueue.switchboardQueue) {
    const url = process.env.DATABASE_URL;
    if (!url) return Promise.reject(new Error('DATABASE_URL is not set.'));
    globalForQueue.switchboardQueue = startQueue(url, (error) => console.error('[switchboard] queue error', error.message));
  }
  return globalForQueue.switchboardQueue;
}
