import { shareRunQueue } from '@/lib/runs/run-queue';
import { startWorker, type WorkerHandle } from './worker';

const globalForWorker = globalThis as unknown as { switchboardWorker?: Promise<WorkerHandle> };

/** The worker that runs inside the web server process (one per process); its queue is the one the server sends runs to. */
export function startInProcessWorker(databaseUrl: string): Promise<WorkerHandle> {
  if (!globalForWorker.switchboardWorker) {
    const worker = startWorker({ databaseUrl }).then((worker) => {
      const stop = () => {
        void worker.stop().finally(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return worker;
    });
    globalForWorker.switchboardWorker = worker;
    const boss = worker.then((started) => started.boss);
    // A worker that fails to start is reported by whoever awaits it (instrumentation.ts, a run's start).
    boss.catch(() => undefined);
    shareRunQueue(boss);
  }
  return globalForWorker.switchboardWorker;
}
