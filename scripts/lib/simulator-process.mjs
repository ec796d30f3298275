// The provider simulator of `npm start`: one process (scripts/simulator.ts) that all its workers
// talk to, as all the clients of one account talk to one provider — a key's quota, the prompt
// cache and a run's fault counters are the same whichever worker makes the call. It runs in a
// process group of its own (the terminal's Ctrl-C does not reach it) and is stopped after the
// workers; one that ends unexpectedly is restarted on the same port, with the workers' backoff.
import { spawn } from 'node:child_process';
import { ROOT } from './bootstrap.mjs';
import { onLines } from './console-log.mjs';
import { RESTART_BACKOFF, describeRestart, restartDelayMs } from './worker-supervisor.mjs';

export const SIMULATOR_ENTRY = ['--import', 'tsx', 'scripts/simulator.ts'];

/** The pause between streamed chunks when SWITCHBOARD_SIMULATOR_CHUNK_DELAY_MS is not set. */
export const DEFAULT_CHUNK_DELAY_MS = '25';

export const SIMULATOR_STOP_GRACE_MS = 10_000;

/**
 * @param {{ env: NodeJS.ProcessEnv, port: number, onLine: (line: string, stream: 'stdout' | 'stderr') => void, entry?: string[] }} options
 *   `port`: 0 for any free one; `entry`: node's arguments (a stand-in in tests), scripts/simulator.ts by default.
 * @returns {import('node:child_process').ChildProcess}
 */
export function spawnSimulatorProcess({ env, port, onLine, entry = SIMULATOR_ENTRY }) {
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SWITCHBOARD_SIMULATOR_CHUNK_DELAY_MS: env.SWITCHBOARD_SIMULATOR_CHUNK_DELAY_MS || DEFAULT_CHUNK_DELAY_MS,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  onLines(child.stdout, (line) => onLine(line, 'stdout'));
  onLines(child.stderr, (line) => onLine(line, 'stderr'));
  return child;
}

function running(child) {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * @typedef {import('node:child_process').ChildProcess} ChildProcess
 * @typedef {{ type: 'ended', pid: number | undefined, code: number | null, signal: string | null, error?: Error, crashesInARow: number, restartInMs: number }} SimulatorEnded
 * @param {{
 *   spawnSimulator: (port: number) => ChildProcess,
 *   report?: (event: SimulatorEnded) => void,
 *   backoff?: typeof RESTART_BACKOFF,
 *   graceMs?: number,
 * }} options `spawnSimulator` starts it on `port` (0 the first time); it says it listens with the
 *   IPC message `{ type: 'ready', url }`.
 */
export function superviseSimulator({ spawnSimulator, report = () => {}, backoff = RESTART_BACKOFF, graceMs = SIMULATOR_STOP_GRACE_MS }) {
  let child = null;
  let url = null;
  let port = 0;
  let startedAt = 0;
  let crashesInARow = 0;
  let restartTimer = null;
  let stopping = false;
  let resolveReady;
  let rejectReady;
  const firstReady = new Promise((resolve, reject) => ((resolveReady = resolve), (rejectReady = reject)));

  function start() {
    restartTimer = null;
    let started;
    try {
      started = spawnSimulator(port);
    } catch (error) {
      return ended(null, { code: null, signal: null, error });
    }
    child = started;
    startedAt = Date.now();
    started.on('message', (message) => {
      if (message?.type !== 'ready' || child !== started) return;
      url = message.url;
      port = Number(new URL(url).port);
      resolveReady(url);
    });
    started.once('exit', (code, signal) => ended(started, { code, signal }));
    started.on('error', (error) => {
      if (started.pid === undefined) ended(started, { code: null, signal: null, error });
    });
  }

  function ended(endedChild, { code, signal, error }) {
    if (endedChild && child !== endedChild) return;
    child = null;
    if (stopping) return;
    // Before its first start it has no address the workers could be given: that is a failure to start.
    if (url === null) {
      const how = error ? error.message : signal ? `killed by ${signal}` : `exit code ${code}`;
      return rejectReady(new Error(`the provider simulator ended before it was listening (${how})`));
    }
    const ranMs = endedChild ? Date.now() - startedAt : 0;
    crashesInARow = ranMs >= backoff.stableMs ? 1 : crashesInARow + 1;
    const restartInMs = restartDelayMs(crashesInARow, backoff);
    report({ type: 'ended', pid: endedChild?.pid, code, signal, ...(error ? { error } : {}), crashesInARow, restartInMs });
    restartTimer = setTimeout(start, restartInMs);
  }

  start();

  return {
    /** Its address (`http://127.0.0.1:<port>`) once it first listens; rejects if it ended before. */
    ready: () => firstReady,
    /** Its process id now (null while it is down). */
    pid: () => child?.pid ?? null,
    /** Stops it (SIGTERM; SIGKILL after `graceMs`) and restarts it no more. */
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      if (!child || !running(child)) return;
      const stopped = child;
      const exited = new Promise((resolve) => stopped.once('exit', resolve));
      stopped.kill('SIGTERM');
      const timer = setTimeout(() => stopped.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `The provider simulator ended unexpectedly (killed by SIGKILL); restarting it now.` (on the same port) */
export function describeSimulatorEnd(event) {
  return describeRestart('The provider simulator', event);
}
