// One `npm start` per checkout on its embedded database. A second one would take the first one's
// Postgres for a left-behind one and stop it, and could rebuild `.next` under the running console
// (its open pages would then ask for scripts that no longer exist: 404). `.data/console.json` names
// the `npm start` that serves this checkout; it is removed when that process exits.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { processAlive } from './database.mjs';
import { ExpectedFailure } from './expected-failure.mjs';

/** Whether `pid` is an `npm start` of Switchboard (not a process that reused the pid). */
function isStartProcess(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .some((part) => part.endsWith('scripts/start.mjs'));
  } catch {
    return processAlive(pid);
  }
}

const claimFile = (root) => join(root, '.data/console.json');

/**
 * The `npm start` serving this checkout, other than this process: `{ pid, port }`, or null.
 * @param {string} root
 * @param {{ isStart?: (pid: number) => boolean, self?: number }} [options]
 */
export function runningConsole(root, { isStart = isStartProcess, self = process.pid } = {}) {
  const file = claimFile(root);
  if (!existsSync(file)) return null;
  let claim;
  try {
    claim = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (!Number.isInteger(claim?.pid) || claim.pid === self || !isStart(claim.pid)) return null;
  return { pid: claim.pid, port: claim.port };
}

/**
 * Makes this process the checkout's `npm start`, or throws an ExpectedFailure naming the one that is.
 * Returns the release (also run at exit).
 * @param {string} root
 * @param {{ port: number, isStart?: (pid: number) => boolean, self?: number }} options
 */
export function claimCheckout(root, { port, isStart = isStartProcess, self = process.pid }) {
  const running = runningConsole(root, { isStart, self });
  if (running) {
    throw new ExpectedFailure(
      `Switchboard is already running from this checkout (pid ${running.pid}, http://localhost:${running.port}). ` +
        'Stop it first (Ctrl-C in its terminal); to run more workers beside it, use `npm run worker`.',
    );
  }
  const file = claimFile(root);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ pid: self, port }));
  const release = () => {
    try {
      if (JSON.parse(readFileSync(file, 'utf8')).pid === self) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}

/** Refuses to rebuild `.next` while another process's console serves it. */
export function refuseRebuildUnderConsole(root, options) {
  const running = runningConsole(root, options);
  if (!running) return;
  throw new ExpectedFailure(
    `The console running from this checkout (pid ${running.pid}, http://localhost:${running.port}) serves the current build, ` +
      'and the sources have changed since: rebuilding now would break the pages it has open (their scripts would answer 404). ' +
      'Stop it first (Ctrl-C in its terminal), then run this again.',
  );
}
