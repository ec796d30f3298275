import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { describeSimulatorEnd, spawnSimulatorProcess, superviseSimulator } from './simulator-process.mjs';

/** A stand-in for the simulator's ChildProcess: it listens and ends when the test says so. */
class FakeSimulator extends EventEmitter {
  exitCode = null;
  signalCode = null;
  signals = [];
  constructor(pid, port) {
    super();
    this.pid = pid;
    this.port = port;
  }
  kill(signal) {
    this.signals.push(signal);
    queueMicrotask(() => this.end(signal === 'SIGTERM' ? 0 : null, signal === 'SIGTERM' ? null : signal));
    return true;
  }
  end(code, signal = null) {
    if (this.exitCode !== null || this.signalCode !== null) return;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
  }
  listen(port) {
    this.emit('message', { type: 'ready', url: `http://127.0.0.1:${port}` });
  }
}

const quickBackoff = { firstMs: 5, maxMs: 20, stableMs: 60_000 };

function harness() {
  const spawned = [];
  const events = [];
  let nextPid = 200;
  const supervisor = superviseSimulator({
    spawnSimulator: (port) => {
      const child = new FakeSimulator(nextPid++, port);
      spawned.push(child);
      return child;
    },
    report: (event) => events.push(event),
    backoff: quickBackoff,
  });
  return { supervisor, spawned, events };
}

const until = async (condition) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
};

describe('superviseSimulator', () => {
  it('starts it on any free port, then restarts it on the port it took, so the workers keep their address', async () => {
    const { supervisor, spawned, events } = harness();
    expect(spawned.map((child) => child.port)).toEqual([0]);
    spawned[0].listen(41234);
    expect(await supervisor.ready()).toBe('http://127.0.0.1:41234');

    spawned[0].end(null, 'SIGKILL');
    await until(() => spawned.length === 2);
    expect(spawned[1].port).toBe(41234);
    expect(events).toEqual([{ type: 'ended', pid: 200, code: null, signal: 'SIGKILL', crashesInARow: 1, restartInMs: 0 }]);
    expect(supervisor.pid()).toBe(201);

    // A second crash in a row waits before the restart.
    spawned[1].listen(41234);
    spawned[1].end(1);
    expect(events.at(-1)).toMatchObject({ code: 1, crashesInARow: 2, restartInMs: 5 });
    expect(supervisor.pid()).toBeNull();
    await until(() => spawned.length === 3);
    expect(spawned[2].port).toBe(41234);
  });

  it('fails to start when it ends before it listens: there is no address to give the workers', async () => {
    const { supervisor, spawned, events } = harness();
    spawned[0].end(1);
    await expect(supervisor.ready()).rejects.toThrow('the provider simulator ended before it was listening (exit code 1)');
    expect(spawned).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('stop() ends it with SIGTERM and restarts it no more', async () => {
    const { supervisor, spawned, events } = harness();
    spawned[0].listen(41235);
    await supervisor.ready();
    await supervisor.stop();
    expect(spawned[0].signals).toEqual(['SIGTERM']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(spawned).toHaveLength(1);
    expect(events).toEqual([]);
  });
});

describe('describeSimulatorEnd', () => {
  it('says how it ended and when it starts again', () => {
    expect(describeSimulatorEnd({ code: null, signal: 'SIGKILL', crashesInARow: 1, restartInMs: 0 })).toBe(
      'The provider simulator ended unexpectedly (killed by SIGKILL); restarting it now.',
    );
    expect(describeSimulatorEnd({ code: 1, signal: null, crashesInARow: 3, restartInMs: 2_000 })).toBe(
      'The provider simulator ended unexpectedly (exit code 1, 3 times in a row); restarting it in 2 s.',
    );
  });
});

describe('the simulator process of npm start', () => {
  let supervisor;
  afterEach(async () => supervisor?.stop());

  it('serves the providers’ APIs on its address and is back there after a crash', async () => {
    const pids = [];
    supervisor = superviseSimulator({
      spawnSimulator: (port) => {
        const child = spawnSimulatorProcess({ env: process.env, port, onLine: () => {} });
        pids.push(child.pid);
        return child;
      },
      backoff: quickBackoff,
    });
    const url = await supervisor.ready();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = async () =>
      (
        await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: 'Bearer sk-sim-local', 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] }),
        })
      ).status;
    expect(await answer()).toBe(200);

    process.kill(pids[0], 'SIGKILL');
    await until(() => pids.length === 2);
    let status = null;
    while (status === null) status = await answer().catch(() => null);
    expect(status).toBe(200);
  }, 60_000);
});
