/**
 * Runs `task` at most once per `intervalMs`, however often it is asked for: the first ask runs it
 * at once, asks within the interval after a run are folded into one run at the interval's end.
 * What the comparison page refreshes its aligned view with as turn summaries stream in. Client-safe.
 */
export function throttledTask(
  task: () => void,
  intervalMs: number,
  clock: { now: () => number; setTimer: (run: () => void, ms: number) => unknown; clearTimer: (timer: unknown) => void } = {
    now: () => Date.now(),
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  },
): { ask: () => void; cancel: () => void } {
  let lastRun = -Infinity;
  let pending: unknown = null;
  const run = () => {
    pending = null;
    lastRun = clock.now();
    task();
  };
  return {
    ask() {
      if (pending !== null) return;
      const wait = lastRun + intervalMs - clock.now();
      if (wait <= 0) run();
      else pending = clock.setTimer(run, wait);
    },
    cancel() {
      if (pending !== null) clock.clearTimer(pending);
      pending = null;
    },
  };
}
