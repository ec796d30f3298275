import { startWorker, type WorkerHandle } from './worker';

const globalForWorker = globalThis as unknown as { switchboardWorker?: Promise<WorkerHandle> };

/** The worker that runs inside the web server process (one per process). */
export function startInProcessWorker(databaseUrl: string): Promise<WorkerHandle> {
  globalForWorker.switchboardWorker ??= startWorker({ databaseUrl }).then((worker) => {
    const stop = () => {
      void worker.stop().finally(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    return worker;
  });
  return globalForWorker.switchboardWorker;
}

export function inProcessWorker(): Promise<WorkerHandle> | null {
  return globalForWorker.switchboardWorker ?? null;
}
