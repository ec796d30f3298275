// The worker processes of the e2e suite's console (playwright.config.ts sets SWITCHBOARD_WORKERS):
// more than one, whatever the machine's cores, and the runs they take at a time between them.
export const CONSOLE_WORKERS = 2;

/** SWITCHBOARD_WORKER_CONCURRENCY's default (scripts/worker.ts), per worker process. */
const RUNS_PER_WORKER = 4;

export const RUNS_AT_A_TIME = CONSOLE_WORKERS * RUNS_PER_WORKER;
