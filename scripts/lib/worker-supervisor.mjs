// The worker processes of `npm start`: `count` of them, each restarted when it ends unexpectedly —
// at once the first time, then after a delay that doubles with each quick crash in a row, so a
// worker that cannot start does not spin. Its runs are not the supervisor's business: the runs of
// a dead worker are swept `interrupted` by the other workers' sweepers (lib/worker/sweepers.ts)
// and resumed from there, as for any dead worker.

/**
 * The first crash in a row restarts at once, the second after `firstMs`, each next one after twice
 * the delay before, up to `maxMs`. A worker that ran `stableMs` before it ended starts a new row.
 */
export const RESTART_BACKOFF = { firstMs: 1_000, maxMs: 60_000, stableMs: 60_000 };

/** A worker hands its runs back within ~10 s of SIGTERM (lib/worker/worker.ts `stop`); then SIGKILL. */
export const WORKER_STOP_GRACE_MS = 30_000;

/** The delay before the restart after the `crashesInARow`-th crash in a row (1 for the first). */
export function restartDelayMs(crashesInARow, backoff = RESTART_BACKOFF) {
  if (crashesInARow <= 1) return 0;
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** (crashesInARow - 2));
}

/** `<subject> ended unexpectedly (killed by SIGKILL); restarting it now.`: the terminal's line for a supervised process's end. */
export function describeRestart(subject, { code, signal, error, crashesInARow, restartInMs }) {
  const how = error ? `could not be started: ${error.message}` : signal ? `killed by ${signal}` : `exit code ${code}`;
  const again = crashesInARow > 1 ? `, ${crashesInARow} times in a row` : '';
  const when = restartInMs === 0 ? 'now' : restartInMs < 1000 ? `in ${restartInMs} ms` : `in ${Math.round(restartInMs / 1000)} s`;
  return `${subject} ended unexpectedly (${how}${again}); restarting it ${when}.`;
}

/** `Worker 2 ended unexpectedly (killed by SIGKILL); restarting it now.`: the terminal's line for an `ended` event. */
export function describeUnexpectedEnd(event) {
  return describeRestart(`Worker ${event.worker}`, event);
}

function running(child) {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * @typedef {import('node:child_process').ChildProcess} ChildProcess
 * @typedef {{ type: 'ready', worker: number, pid: number | undefined, workerId: string }
 *   | { type: 'ended', worker: number, pid: number | undefined, code: number | null, signal: string | null, error?: Error, crashesInARow: number, restartInMs: number }} WorkerEvent
 * @param {{
 *   count: number,
 *   spawnWorker: (worker: number) => ChildProcess,
 *   report?: (event: WorkerEvent) => void,
 *   backoff?: typeof RESTART_BACKOFF,
 *   graceMs?: number,
 * }} options `spawnWorker` starts worker number `worker` (1 to `count`); a worker says it is ready
 *   with the IPC message `{ type: 'ready', workerId }` (scripts/worker.ts).
 */
export function superviseWorkers({ count, spawnWorker, report = () => {}, backoff = RESTART_BACKOFF, graceMs = WORKER_STOP_GRACE_MS }) {
  /** @type {Array<{ number: number, child: ChildProcess | null, startedAt: number, crashesInARow: number, restartTimer: ReturnType<typeof setTimeout> | null, workerId: string | null }>} */
  const workers = Array.from({ length: count }, (_, index) => ({
    number: index + 1,
    child: null,
    startedAt: 0,
    crashesInARow: 0,
    restartTimer: null,
    workerId: null,
  }));
  let stopping = false;
  let markReady;
  const allReady = new Promise((resolve) => (markReady = resolve));
  const readyOnce = new Set();

  function start(worker) {
    worker.restartTimer = null;
    worker.workerId = null;
    let child;
    try {
      child = spawnWorker(worker.number);
    } catch (error) {
      return ended(worker, null, { code: null, signal: null, error });
    }
    worker.child = child;
    worker.startedAt = Date.now();
    child.on('message', (message) => {
      if (message?.type !== 'ready' || worker.child !== child) return;
      worker.workerId = message.workerId;
      report({ type: 'ready', worker: worker.number, pid: child.pid, workerId: message.workerId });
      readyOnce.add(worker.number);
      if (readyOnce.size === count) markReady();
    });
    child.once('exit', (code, signal) => ended(worker, child, { code, signal }));
    // A process that could not be started at all has no exit to wait for.
    child.on('error', (error) => {
      if (child.pid === undefined) ended(worker, child, { code: null, signal: null, error });
    });
  }

  function ended(worker, child, { code, signal, error }) {
    if (child && worker.child !== child) return;
    worker.child = null;
    worker.workerId = null;
    if (stopping) return;
    const ranMs = child ? Date.now() - worker.startedAt : 0;
    worker.crashesInARow = ranMs >= backoff.stableMs ? 1 : worker.crashesInARow + 1;
    const restartInMs = restartDelayMs(worker.crashesInARow, backoff);
    report({
      type: 'ended',
      worker: worker.number,
      pid: child?.pid,
      code,
      signal,
      ...(error ? { error } : {}),
      crashesInARow: worker.crashesInARow,
      restartInMs,
    });
    worker.restartTimer = setTimeout(() => start(worker), restartInMs);
  }

  async function stopOne(child) {
    if (!running(child)) return { pid: child.pid, code: child.exitCode, signal: child.signalCode, killed: false };
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGTERM');
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, graceMs);
    const { code, signal } = await exited;
    clearTimeout(timer);
    return { pid: child.pid, code, signal, killed };
  }

  for (const worker of workers) start(worker);

  return {
    count,
    /** Resolves once every worker has said it is ready (a restarted one counts from its first start). */
    ready: () => allReady,
    /** Each worker as it is now: its process id and its `workerId` once ready (null while down). */
    list: () => workers.map((worker) => ({ worker: worker.number, pid: worker.child?.pid ?? null, workerId: worker.workerId })),
    /**
     * Stops every worker (SIGTERM: it finishes or hands back its runs; SIGKILL after `graceMs`) and
     * restarts none; resolves with how each ended.
     */
    async stop() {
      stopping = true;
      for (const worker of workers) clearTimeout(worker.restartTimer);
      const children = workers.map((worker) => worker.child).filter(Boolean);
      return Promise.all(children.map(stopOne));
    },
  };
}
