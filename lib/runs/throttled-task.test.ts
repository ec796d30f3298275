import { describe, expect, it } from 'vitest';
import { throttledTask } from './throttled-task';

function fakeClock() {
  let now = 0;
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  return {
    clock: {
      now: () => now,
      setTimer: (run: () => void, ms: number) => {
        const timer = { at: now + ms, run, cancelled: false };
        timers.push(timer);
        return timer;
      },
      clearTimer: (timer: unknown) => void ((timer as { cancelled: boolean }).cancelled = true),
    },
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((candidate) => !candidate.cancelled && candidate.at <= now)) {
        timer.cancelled = true;
        timer.run();
      }
    },
  };
}

describe('throttledTask', () => {
  it('runs at once, then folds the asks of the next interval into one run at its end', () => {
    const time = fakeClock();
    const runs: number[] = [];
    const task = throttledTask(() => runs.push(time.clock.now()), 1000, time.clock);
    task.ask();
    expect(runs).toEqual([0]);
    time.advance(100);
    task.ask();
    time.advance(100);
    task.ask();
    task.ask();
    expect(runs).toEqual([0]);
    time.advance(800);
    expect(runs).toEqual([0, 1000]);
    time.advance(5000);
    expect(runs).toEqual([0, 1000]);
    task.ask();
    expect(runs).toEqual([0, 1000, 6000]);
  });

  it('cancel drops a pending run', () => {
    const time = fakeClock();
    const runs: number[] = [];
    const task = throttledTask(() => runs.push(time.clock.now()), 1000, time.clock);
    task.ask();
    task.ask();
    task.cancel();
    time.advance(2000);
    expect(runs).toEqual([0]);
  });
});
