/** What the slots need of a queue (pg-boss's fetch, complete and fail). */
export type SlotQueue<Data> = {
  fetch(name: string, options: { batchSize: number }): Promise<{ id: string; data: Data }[]>;
  complete(name: string, id: string): Promise<unknown>;
  fail(name: string, id: string, data: object): Promise<unknown>;
};

export type JobSlotsOptions<Data> = {
  queue: SlotQueue<Data>;
  name: string;
  /** Jobs run at once. */
  slots: number;
  /** How often a worker with a free slot asks for work when the queue was empty. */
  pollMs: number;
  handle: (data: Data) => Promise<void>;
  onError: (error: Error) => void;
};

/**
 * A worker's jobs, run `slots` at once, fetched by ONE poller: a free slot (or several) asks for as
 * many jobs as are free in one statement, and a slot that frees asks again at once. (pg-boss's `work`
 * is one poller per slot: a worker of a hundred slots sent two hundred statements a second while idle.)
 * A job's handler that throws fails the job; one that finishes completes it.
 */
export function startJobSlots<Data>(options: JobSlotsOptions<Data>) {
  const report = (error: unknown) => options.onError(error instanceof Error ? error : new Error(String(error)));
  const running = new Map<string, Promise<unknown>>();
  let stopping = false;
  let wake: (() => void) | null = null;
  /** A slot freed (or stop was asked) while the poller was not waiting: it must not wait now. */
  let firedMeanwhile = false;
  const fire = () => (wake ? wake() : (firedMeanwhile = true));

  function run(job: { id: string; data: Data }) {
    const done = options
      .handle(job.data)
      .then(
        () => options.queue.complete(options.name, job.id),
        (error: unknown) => options.queue.fail(options.name, job.id, { message: error instanceof Error ? error.message : String(error) }),
      )
      .catch(report)
      .finally(() => {
        running.delete(job.id);
        fire();
      });
    running.set(job.id, done);
  }

  const loop = (async () => {
    while (!stopping) {
      firedMeanwhile = false;
      const free = options.slots - running.size;
      let filled = false;
      if (free > 0) {
        try {
          const jobs = await options.queue.fetch(options.name, { batchSize: free });
          for (const job of jobs) run(job);
          // Every free slot got a job: there may be more waiting.
          filled = jobs.length === free;
        } catch (error) {
          report(error);
        }
      }
      if (filled || stopping || firedMeanwhile) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => ((wake = null), resolve()), options.pollMs);
        wake = () => {
          clearTimeout(timer);
          wake = null;
          resolve();
        };
      });
    }
  })();

  return {
    /** Jobs running now. */
    get running(): number {
      return running.size;
    },
    /**
     * Fetches no more jobs and waits for the running ones, at most `timeoutMs`; those still running
     * then are failed with `reason` (their runs are left to the sweeper, as a dead worker's are).
     */
    async stop({ timeoutMs, reason }: { timeoutMs: number; reason: string }): Promise<void> {
      stopping = true;
      fire();
      await loop;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all(running.values()), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      for (const id of running.keys()) await options.queue.fail(options.name, id, { message: reason }).catch(report);
    },
  };
}
