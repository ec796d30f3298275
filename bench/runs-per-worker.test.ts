import { describe, expect, it } from 'vitest';
import { runsPerWorker, workerPid } from './runs-per-worker';

describe('workerPid', () => {
  it('reads the pid of a worker id', () => {
    expect(workerPid('bench-host:41233:a1b2c3')).toBe(41233);
  });

  it('counts from the end, so a host name with colons does not matter', () => {
    expect(workerPid('fe80::1:7001:ffee00')).toBe(7001);
  });

  it('is null for what is not a worker id', () => {
    expect(workerPid('41233')).toBeNull();
    expect(workerPid('host:pid:abc')).toBeNull();
  });
});

describe('runsPerWorker', () => {
  it("counts each run for the worker whose pid its workerId holds, in the pids' order", () => {
    const ids = ['h:20:aa', 'h:10:bb', 'h:20:aa', 'h:30:cc', 'h:20:aa'];
    expect(runsPerWorker(ids, [10, 20, 30, 40])).toEqual({ counts: [1, 3, 1, 0], elsewhere: 0 });
  });

  it('counts runs never claimed, or claimed by another process, apart', () => {
    expect(runsPerWorker([null, 'h:99:zz', 'h:10:bb', 'nonsense'], [10])).toEqual({ counts: [1], elsewhere: 3 });
  });
});
