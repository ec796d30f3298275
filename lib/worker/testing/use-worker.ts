// Test support: one worker on the shared test database for a test file.
import { afterAll, beforeAll, inject } from 'vitest';
import { startWorker, type WorkerHandle, type WorkerOptions } from '../worker';

/** Starts a worker before the file's tests (`onStart` receives it) and stops it after them. */
export function useWorker(options: Omit<WorkerOptions, 'databaseUrl'>, onStart: (worker: WorkerHandle) => void): void {
  let worker: WorkerHandle | undefined;
  beforeAll(async () => {
    worker = await startWorker({ databaseUrl: inject('databaseUrl'), ...options });
    onStart(worker);
  }, 60_000);
  afterAll(() => worker?.stop());
}
