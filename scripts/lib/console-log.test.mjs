import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createConsoleLog, formatRecord, LEVELS, terminalLevel } from './console-log.mjs';

const dirs = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function logDir() {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-logs-'));
  dirs.push(dir);
  return dir;
}
function terminal() {
  const lines = [];
  return { lines, write: (text) => lines.push(text) };
}
const record = (fields) =>
  JSON.stringify({ time: Date.UTC(2026, 11, 7, 12, 4, 31), app: 'switchboard', pid: 1, workerId: 'vm:1:abc', ...fields });

describe('the console log', () => {
  it('keeps every line in the day’s file as JSON and shows only warnings and errors, one readable line each', () => {
    const dir = logDir();
    const screen = terminal();
    const log = createConsoleLog({ dir, terminal: screen, now: () => new Date('2026-12-07T12:05:00Z') });
    log.write(record({ level: 30, msg: 'worker started', concurrency: 4 }), 'stdout');
    log.write(record({ level: 40, msg: 'queue error', err: 'connection refused', runId: 'r1' }), 'stdout');
    log.write(record({ level: 50, msg: 'unhandled rejection\n(the worker keeps running)', err: { code: 'E1' } }), 'stdout');
    log.write('⚠ a plain warning from Next', 'stderr');
    log.write('▲ Next.js 16.4.6', 'stdout', { terminal: false });
    log.write('   ', 'stdout');

    expect(screen.lines).toEqual([
      '[switchboard] 12:04:31 WARN  queue error (err: connection refused; runId: r1)\n',
      '[switchboard] 12:04:31 ERROR unhandled rejection (the worker keeps running) (err: {"code":"E1"})\n',
      '⚠ a plain warning from Next\n',
    ]);
    const stored = readFileSync(join(dir, 'switchboard-2026-12-07.log'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(stored.map((entry) => entry.msg)).toEqual([
      'worker started',
      'queue error',
      'unhandled rejection\n(the worker keeps running)',
      '⚠ a plain warning from Next',
      '▲ Next.js 16.4.6',
    ]);
    expect(stored[3]).toMatchObject({ level: LEVELS.warn, stream: 'stderr', app: 'switchboard' });
    expect(stored[0]).toMatchObject({ level: 30, concurrency: 4 });
  });

  it('shows everything from the level SWITCHBOARD_TERMINAL_LOG_LEVEL names (warn when unset or unknown)', () => {
    expect(terminalLevel(undefined)).toBe(LEVELS.warn);
    expect(terminalLevel('nonsense')).toBe(LEVELS.warn);
    expect(terminalLevel('INFO')).toBe(LEVELS.info);
    const screen = terminal();
    const log = createConsoleLog({ dir: logDir(), terminal: screen, level: terminalLevel('info') });
    log.write(record({ level: 30, msg: 'worker started' }), 'stdout');
    log.write(record({ level: 20, msg: 'debug detail' }), 'stdout');
    expect(screen.lines).toEqual(['[switchboard] 12:04:31 INFO  worker started\n']);
  });

  it('appends to the file of each day and removes files older than 14 days', () => {
    const dir = logDir();
    writeFileSync(join(dir, 'switchboard-2026-11-20.log'), 'old\n');
    writeFileSync(join(dir, 'switchboard-2026-11-25.log'), 'recent\n');
    writeFileSync(join(dir, 'postgres.log'), 'not ours to prune\n');
    let now = new Date('2026-12-07T23:59:59Z');
    const log = createConsoleLog({ dir, terminal: terminal(), now: () => now });
    log.write(record({ level: 30, msg: 'before midnight' }), 'stdout');
    now = new Date('2026-12-08T00:00:01Z');
    log.write(record({ level: 30, msg: 'after midnight' }), 'stdout');
    createConsoleLog({ dir, terminal: terminal(), now: () => now }).write(record({ level: 30, msg: 'next start' }), 'stdout');

    expect(existsSync(join(dir, 'switchboard-2026-11-20.log'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual([
      'postgres.log',
      'switchboard-2026-11-25.log',
      'switchboard-2026-12-07.log',
      'switchboard-2026-12-08.log',
    ]);
    expect(readFileSync(join(dir, 'switchboard-2026-12-08.log'), 'utf8').trimEnd().split('\n')).toHaveLength(2);
  });

  it('names the worker process a line came from: in the file for its plain lines, on the terminal for its records', () => {
    const dir = logDir();
    const screen = terminal();
    const log = createConsoleLog({ dir, terminal: screen, now: () => new Date('2026-12-07T12:05:00Z') });
    log.write('[switchboard] worker vm:7:abc running 4 run(s) at a time; Ctrl-C stops it.', 'stdout', {
      source: 'worker 2',
      terminal: false,
    });
    log.write(record({ level: 40, msg: 'marked runs of a stopped worker as interrupted' }), 'stdout', { source: 'worker 2' });

    expect(screen.lines).toEqual(['[switchboard] 12:04:31 WARN  worker 2: marked runs of a stopped worker as interrupted\n']);
    const stored = readFileSync(join(dir, 'switchboard-2026-12-07.log'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(stored[0]).toMatchObject({
      level: LEVELS.info,
      stream: 'stdout',
      source: 'worker 2',
      msg: expect.stringMatching(/^\[switchboard\] worker vm:7/),
    });
    expect(stored[1]).toMatchObject({ level: 40, workerId: 'vm:1:abc', msg: 'marked runs of a stopped worker as interrupted' });
  });

  it('cuts long fields on the terminal line', () => {
    const line = formatRecord({ level: 40, time: 0, msg: 'slow', detail: 'x'.repeat(500) });
    expect(line).toBe(`00:00:00 WARN  slow (detail: ${'x'.repeat(200)}…)`);
  });
});
