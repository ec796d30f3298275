// One worker process of `npm start`: the entry of `npm run worker` (scripts/worker.ts) as a child
// with an IPC channel — it says when it is ready, and stops by itself if `npm start` is gone —, in
// a process group of its own: the terminal's Ctrl-C reaches `npm start` and the console, and the
// workers are stopped after the console (shutdown.mjs).
import { spawn } from 'node:child_process';
import { ROOT } from './bootstrap.mjs';
import { onLines } from './console-log.mjs';

export const WORKER_ENTRY = ['--import', 'tsx', '--conditions=react-server', 'scripts/worker.ts'];

/**
 * @param {{ env: NodeJS.ProcessEnv, onLine: (line: string, stream: 'stdout' | 'stderr') => void, entry?: string[] }} options
 *   `entry`: node's arguments (a stand-in worker in tests), scripts/worker.ts by default.
 * @returns {import('node:child_process').ChildProcess}
 */
export function spawnWorkerProcess({ env, onLine, entry = WORKER_ENTRY }) {
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  onLines(child.stdout, (line) => onLine(line, 'stdout'));
  onLines(child.stderr, (line) => onLine(line, 'stderr'));
  return child;
}
