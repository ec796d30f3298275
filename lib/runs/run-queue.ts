import PgBoss from 'pg-boss';

export const RUN_QUEUE = 'switchboard-runs';

export type RunJob = { runId: string };

/** pg-boss on the app's database (schema `pgboss`): any number of workers on any machine share it. */
export async function startQueue(databaseUrl: string, onError: (error: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4, application_name: 'switchboard-queue' });
  boss.on('error', onError);
  await boss.start();
  // Runs are never retried by the queue: an interrupted run is marked as such and resumed on request.
  await boss.createQueue(RUN_QUEUE, { name: RUN_QUEUE, retryLimit: 0, expireInSeconds: 6 * 3600 });
  return boss;
}

export async function enqueueRun(boss: PgBoss, runId: string): Promise<void> {
  await boss.send(RUN_QUEUE, { runId } satisfies RunJob, { retryLimit: 0, expireInSeconds: 6 * 3600 });
}

const globalForQueue = globalThis as unknown as { switchboardQueue?: Promise<PgBoss> };

/**
 * The process's queue to send runs to: the in-process worker's (it shares it when it starts, see
 * lib/worker/in-process-worker.ts), or on web-only nodes one of our own on DATABASE_URL.
 */
export function runQueue(): Promise<PgBoss> {
  if (!globalForQueue.switchboardQueue) {
    const url = process.env.DATABASE_URL;
    if (!url) return Promise.reject(new Error('DATABASE_URL is not set.'));
    globalForQueue.switchboardQueue = startQueue(url, (error) => console.error('[switchboard] queue error', error.message));
  }
  return globalForQueue.switchboardQueue;
}

/** Makes `boss` the process's queue for sending runs (the in-process worker's, started before the server serves). */
export function shareRunQueue(boss: Promise<PgBoss>): void {
  globalForQueue.switchboardQueue = boss;
}
