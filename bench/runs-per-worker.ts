// Which of the bench's worker processes ran each run, from Run.workerId (`<host>:<pid>:<random>`,
// lib/worker/worker.ts): pure, tested beside it.

export type RunsPerWorker = {
  /** Runs per worker, in the order of `pids`. */
  counts: number[];
  /** Runs that no worker of these claimed (never started), or one of another process. */
  elsewhere: number;
};

/** The pid in a worker id, `<host>:<pid>:<random>` (the host may hold colons: counted from the end). */
export function workerPid(workerId: string): number | null {
  const parts = workerId.split(':');
  if (parts.length < 3) return null;
  const pid = Number(parts[parts.length - 2]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** `workerIds`: each run's Run.workerId; `pids`: the bench's workers, in the order they are numbered. */
export function runsPerWorker(workerIds: Array<string | null>, pids: number[]): RunsPerWorker {
  const counts = pids.map(() => 0);
  let elsewhere = 0;
  for (const workerId of workerIds) {
    const index = workerId === null ? -1 : pids.indexOf(workerPid(workerId) ?? -1);
    if (index < 0) elsewhere += 1;
    else counts[index]! += 1;
  }
  return { counts, elsewhere };
}
