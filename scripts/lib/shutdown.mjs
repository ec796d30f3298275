// How `npm start` stops, on Ctrl-C (SIGINT), SIGTERM, SIGHUP, or when the console ends by itself:
// the console first (sent SIGTERM; SIGKILL after a grace period), then the worker processes (each
// finishes or hands back its runs and closes its connections; worker-supervisor.mjs), then the
// provider simulator they used, then the embedded Postgres, then the process exits. The workers,
// the simulator and Postgres run in process groups of their own, so the terminal's Ctrl-C never
// reaches them: they must outlive the console.
import { step } from './log.mjs';

export const CONSOLE_STOP_GRACE_MS = 20_000;

function running(child) {
  return child && child.exitCode === null && child.signalCode === null;
}

/**
 * @param {{ graceMs?: number, log?: (line: string) => void, exit?: (code: number) => void }} [options]
 */
export function createShutdown({ graceMs = CONSOLE_STOP_GRACE_MS, log = step, exit = (code) => process.exit(code) } = {}) {
  let consoleProcess = null;
  let workers = null;
  let simulator = null;
  let database = null;
  let stopping = false;

  async function stop(code) {
    if (stopping) return;
    stopping = true;
    let stoppedAny = false;
    if (running(consoleProcess)) {
      stoppedAny = true;
      log('Stopping the console …');
      const exited = new Promise((resolve) => consoleProcess.once('exit', resolve));
      consoleProcess.kill('SIGTERM');
      const timer = setTimeout(() => consoleProcess.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    if (workers) {
      stoppedAny = true;
      log(`Stopping the ${workers.count === 1 ? 'worker' : `${workers.count} workers`} (running runs finish their current step) …`);
      for (const ended of await workers.stop()) {
        if (ended.killed) log(`A worker (pid ${ended.pid}) did not stop in time and was killed; its runs are resumable.`);
      }
    }
    if (simulator) {
      stoppedAny = true;
      log('Stopping the provider simulator …');
      await simulator.stop();
    }
    // A database still starting is stopped once it is up.
    const started = await database?.catch(() => null);
    if (started?.kind === 'embedded') {
      stoppedAny = true;
      log('Stopping the embedded Postgres …');
      await started.stop();
    }
    if (stoppedAny) log('Stopped.');
    exit(code);
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(0));
  // A closed terminal (SIGHUP) must not stop the shutdown halfway with EPIPE.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

  return {
    stop,
    get stopping() {
      return stopping;
    },
    /** The database being started: a promise of `{ kind, stop() }` (`kind: 'embedded'` is stopped). */
    setDatabase(promise) {
      database = promise;
    },
    /** The worker supervisor (worker-supervisor.mjs): stopped after the console, before the database. */
    setWorkers(supervisor) {
      workers = supervisor;
    },
    /** The workers' provider simulator (simulator-process.mjs): stopped after them, before the database. */
    setSimulator(supervisor) {
      simulator = supervisor;
    },
    /** The console's process; its own end stops the rest (with its exit code). */
    setConsole(child) {
      consoleProcess = child;
      child.on('exit', (code, signal) => {
        if (stopping) return;
        log(`The console process ended (${signal ?? code}).`);
        void stop(code ?? 1);
      });
    },
  };
}
