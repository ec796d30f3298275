// Ctrl-C in the terminal of `npm start`: the terminal signals its whole foreground process group.
// The console stops first, then the worker processes (each hands its runs back while the database
// and the provider simulator still serve it: no "connection was lost"), then the simulator, and the
// embedded Postgres last; neither the workers, the simulator nor Postgres get the terminal's SIGINT
// themselves; everything exits cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processAlive } from './database.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-stop-order-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function processGroupOf(pid) {
  return Number(spawnSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim());
}

describe('stopping npm start with Ctrl-C', () => {
  it('stops the console, then the workers, then the simulator, then the database — the Ctrl-C reaching none of the last three — and exits 0', async () => {
    // In a process group of its own, as a terminal's foreground job is.
    const start = spawn(process.execPath, [join(process.cwd(), 'scripts/lib/testing/start-like.mjs'), dataDir], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    start.stdout.on('data', (chunk) => (output += chunk));
    start.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => start.once('exit', (code, signal) => resolve({ code, signal })));
    await new Promise((resolve, reject) => {
      start.stdout.on('data', () => /ready \d+/.test(output) && resolve());
      start.once('exit', () => reject(new Error(`start-like ended before it was ready:\n${output}`)));
    });
    const [postmaster, simulator, ...workers] = /ready ([\d ]+)/.exec(output)[1].split(' ').map(Number);
    expect(workers).toHaveLength(2);
    for (const pid of [postmaster, simulator, ...workers]) expect(processGroupOf(pid)).not.toBe(start.pid);

    process.kill(-start.pid, 'SIGINT');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(/connection was lost|terminating connection|stopping failed|SIGINT reached a worker|ended unexpectedly/);
    expect(output.match(/fake worker: stopped cleanly/g)).toHaveLength(2);
    const order = [
      '[switchboard] Stopping the console …',
      '[switchboard] Stopping the 2 workers (running runs finish their current step) …',
      'fake worker: stopped cleanly',
      '[switchboard] Stopping the provider simulator …',
      '[switchboard] Stopping the embedded Postgres …',
      '[switchboard] Stopped.',
    ].map((line) => (line.startsWith('fake worker') ? output.lastIndexOf(line) : output.indexOf(line)));
    expect(
      order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1])),
      output,
    ).toBe(true);
    for (const pid of [postmaster, simulator, ...workers]) expect(processAlive(pid)).toBe(false);
  }, 120_000);
});
