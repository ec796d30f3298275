import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RESTART_BACKOFF, describeUnexpectedEnd, restartDelayMs, superviseWorkers } from './worker-supervisor.mjs';

/** A stand-in for a worker's ChildProcess: it ends when the test says so. */
class FakeWorker extends EventEmitter {
  exitCode = null;
  signalCode = null;
  signals = [];
  /** `exitOn`: the signals it ends on (a worker that hangs in its stop ignores SIGTERM). */
  constructor(pid, { exitOn = ['SIGTERM', 'SIGKILL'] } = {}) {
    super();
    this.pid = pid;
    this.exitOn = exitOn;
  }
  kill(signal) {
    this.signals.push(signal);
    // SIGTERM: the worker stops cleanly (exit code 0); SIGKILL: the kernel ends it.
    if (this.exitOn.includes(signal)) queueMicrotask(() => this.end(signal === 'SIGTERM' ? 0 : null, signal === 'SIGTERM' ? null : signal));
    return true;
  }
  end(code, signal = null) {
    if (this.exitCode !== null || this.signalCode !== null) return;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
  }
  ready() {
    this.emit('message', { type: 'ready', workerId: `host:${this.pid}:abc` });
  }
}

function harness({ count = 2, spawnOptions = () => ({}), ...options } = {}) {
  const spawned = [];
  const events = [];
  let nextPid = 100;
  const supervisor = superviseWorkers({
    count,
    spawnWorker: (worker) => {
      const child = new FakeWorker(nextPid++, spawnOptions(worker, spawned.length));
      spawned.push({ worker, child });
      return child;
    },
    report: (event) => events.push(event),
    ...options,
  });
  const of = (worker) => spawned.filter((entry) => entry.worker === worker).map((entry) => entry.child);
  return { supervisor, spawned, events, of, latest: (worker) => of(worker).at(-1) };
}

describe('restartDelayMs', () => {
  it('is nothing for the first crash in a row, then 1 s, doubling, up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 30].map((crashes) => restartDelayMs(crashes))).toEqual([
      0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });
});

describe('describeUnexpectedEnd', () => {
  it('says in one line which worker ended, how, how often in a row, and when it starts again', () => {
    const ended = { type: 'ended', worker: 2, pid: 40, code: null, signal: 'SIGKILL', crashesInARow: 1, restartInMs: 0 };
    expect(describeUnexpectedEnd(ended)).toBe('Worker 2 ended unexpectedly (killed by SIGKILL); restarting it now.');
    expect(describeUnexpectedEnd({ ...ended, signal: null, code: 1, crashesInARow: 4, restartInMs: 4_000 })).toBe(
      'Worker 2 ended unexpectedly (exit code 1, 4 times in a row); restarting it in 4 s.',
    );
    expect(
      describeUnexpectedEnd({ ...ended, signal: null, error: new Error('spawn node ENOENT'), crashesInARow: 2, restartInMs: 1_000 }),
    ).toBe('Worker 2 ended unexpectedly (could not be started: spawn node ENOENT, 2 times in a row); restarting it in 1 s.');
  });
});

describe('superviseWorkers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts the workers, numbered from 1, and is ready once each has said so', async () => {
    const { supervisor, spawned } = harness({ count: 3 });
    expect(spawned.map((entry) => entry.worker)).toEqual([1, 2, 3]);
    let ready = false;
    void supervisor.ready().then(() => (ready = true));
    spawned[0].child.ready();
    spawned[2].child.ready();
    await vi.advanceTimersByTimeAsync(0);
    expect(ready).toBe(false);
    spawned[1].child.ready();
    await vi.advanceTimersByTimeAsync(0);
    expect(ready).toBe(true);
    expect(supervisor.list()).toEqual([
      { worker: 1, pid: 100, workerId: 'host:100:abc' },
      { worker: 2, pid: 101, workerId: 'host:101:abc' },
      { worker: 3, pid: 102, workerId: 'host:102:abc' },
    ]);
  });

  it('restarts a worker that died at once, and only that worker', async () => {
    const { spawned, events, of, latest, supervisor } = harness({ count: 2 });
    for (const { child } of spawned) child.ready();
    await vi.advanceTimersByTimeAsync(30_000);
    latest(1).end(null, 'SIGKILL');
    expect(events.at(-1)).toEqual({ type: 'ended', worker: 1, pid: 100, code: null, signal: 'SIGKILL', crashesInARow: 1, restartInMs: 0 });
    expect(supervisor.list()[0]).toEqual({ worker: 1, pid: null, workerId: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(of(1)).toHaveLength(2);
    expect(of(2)).toHaveLength(1);
    latest(1).ready();
    expect(events.at(-1)).toEqual({ type: 'ready', worker: 1, pid: 102, workerId: 'host:102:abc' });
    expect(supervisor.list()[0]).toEqual({ worker: 1, pid: 102, workerId: 'host:102:abc' });
  });

  it('waits longer after each quick crash in a row: a crash loop does not spin', async () => {
    const { events, of, latest } = harness({ count: 1 });
    const restartsAt = [];
    // Each start fails half a second in (e.g. the database is unreachable), 10 times.
    for (let crash = 1; crash <= 10; crash++) {
      await vi.advanceTimersByTimeAsync(500);
      latest(1).end(1);
      const delay = events.at(-1).restartInMs;
      restartsAt.push(delay);
      if (delay > 0) {
        await vi.advanceTimersByTimeAsync(delay - 1);
        expect(of(1), `crash ${crash}: not restarted before ${delay} ms`).toHaveLength(crash);
        await vi.advanceTimersByTimeAsync(1);
      } else {
        await vi.advanceTimersByTimeAsync(0);
      }
      expect(of(1), `crash ${crash}: restarted after ${delay} ms`).toHaveLength(crash + 1);
    }
    expect(restartsAt).toEqual([0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(events.filter((event) => event.type === 'ended').map((event) => event.crashesInARow)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('starts a new row for a worker that ran a while before it crashed', async () => {
    const { events, latest } = harness({ count: 1 });
    for (let crash = 0; crash < 3; crash++) {
      await vi.advanceTimersByTimeAsync(100);
      latest(1).end(1);
      await vi.advanceTimersByTimeAsync(events.at(-1).restartInMs);
    }
    expect(events.at(-1)).toMatchObject({ crashesInARow: 3, restartInMs: 2_000 });
    await vi.advanceTimersByTimeAsync(RESTART_BACKOFF.stableMs);
    latest(1).end(null, 'SIGSEGV');
    expect(events.at(-1)).toMatchObject({ signal: 'SIGSEGV', crashesInARow: 1, restartInMs: 0 });
  });

  it('counts a worker that could not be started as a crash, and tries again later', async () => {
    let failing = true;
    const events = [];
    const started = [];
    superviseWorkers({
      count: 1,
      spawnWorker: () => {
        if (failing) throw new Error('spawn node ENOENT');
        const child = new FakeWorker(7);
        started.push(child);
        return child;
      },
      report: (event) => events.push(event),
    });
    expect(events).toEqual([
      {
        type: 'ended',
        worker: 1,
        pid: undefined,
        code: null,
        signal: null,
        error: new Error('spawn node ENOENT'),
        crashesInARow: 1,
        restartInMs: 0,
      },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(events.at(-1)).toMatchObject({ crashesInARow: 2, restartInMs: 1_000 });
    failing = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toHaveLength(1);
  });

  it('counts a process that emitted an error without ever running (no pid) as a crash', async () => {
    const { events, of, latest } = harness({ count: 1 });
    const child = latest(1);
    child.pid = undefined;
    child.emit('error', new Error('spawn EACCES'));
    expect(events.at(-1)).toMatchObject({ type: 'ended', worker: 1, error: new Error('spawn EACCES'), restartInMs: 0 });
    // The exit that may still follow is not a second crash.
    child.end(null, null);
    await vi.advanceTimersByTimeAsync(0);
    expect(events.filter((event) => event.type === 'ended')).toHaveLength(1);
    expect(of(1)).toHaveLength(2);
  });

  it('stops every running worker with SIGTERM, restarts none, and cancels a pending restart', async () => {
    const { supervisor, events, of, latest } = harness({ count: 3 });
    // Worker 3 crashes twice: its restart waits 1 s.
    latest(3).end(1);
    await vi.advanceTimersByTimeAsync(0);
    latest(3).end(1);
    expect(events.at(-1)).toMatchObject({ worker: 3, restartInMs: 1_000 });
    const ended = await supervisor.stop();
    expect(ended).toEqual([
      { pid: 100, code: 0, signal: null, killed: false },
      { pid: 101, code: 0, signal: null, killed: false },
    ]);
    expect([latest(1).signals, latest(2).signals]).toEqual([['SIGTERM'], ['SIGTERM']]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect([of(1).length, of(2).length, of(3).length]).toEqual([1, 1, 2]);
    expect(events.filter((event) => event.type === 'ended')).toHaveLength(2);
  });

  it('kills a worker that does not stop within the grace period', async () => {
    const { supervisor, latest } = harness({
      count: 2,
      graceMs: 30_000,
      spawnOptions: (worker) => (worker === 2 ? { exitOn: ['SIGKILL'] } : {}),
    });
    let ended = null;
    void supervisor.stop().then((result) => (ended = result));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(ended).toBeNull();
    expect(latest(2).signals).toEqual(['SIGTERM']);
    await vi.advanceTimersByTimeAsync(1);
    expect(latest(2).signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(ended).toEqual([
      { pid: 100, code: 0, signal: null, killed: false },
      { pid: 101, code: null, signal: 'SIGKILL', killed: true },
    ]);
  });
});
