// Shared by the test files that run their runs on workers of their own: the workers, on a
// database of the file's own (own-database.ts: no other file's worker takes its runs, no other
// file's sweep touches them).
import { afterAll, beforeAll } from 'vitest';
import { startWorker, type WorkerHandle, type WorkerOptions } from '@/lib/worker/worker';
import { useOwnDatabase } from './own-database';

/** Starts `count` workers before the tests of the file (or the describe block) — `onStart` receives them — and stops them after. */
export function useWorkers(count: number, options: Omit<WorkerOptions, 'databaseUrl'>, onStart: (workers: WorkerHandle[]) => void): void {
  const database = useOwnDatabase('switchboard_worker');
  let workers: WorkerHandle[] = [];
  beforeAll(async () => {
    workers = await Promise.all(Array.from({ length: count }, () => startWorker({ databaseUrl: database.url(), ...options })));
    onStart(workers);
  }, 60_000);
  afterAll(() => Promise.all(workers.map((worker) => worker.stop())));
}

/** Starts a worker before the file's tests (`onStart` receives it) and stops it after them. */
export function useWorker(options: Omit<WorkerOptions, 'databaseUrl'>, onStart: (worker: WorkerHandle) => void): void {
  useWorkers(1, options, ([worker]) => onStart(worker!));
}
