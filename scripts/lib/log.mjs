// Progress lines for the bootstrap scripts: one line a step, with its duration; a long step says
// it is still at work every 10 s.
const started = Date.now();

export const PROGRESS_EVERY_MS = 10_000;

export function step(message) {
  process.stdout.write(`[switchboard] ${message}\n`);
}

/**
 * Runs `action` between a start and a done line; while it runs, a line every `everyMs` with the
 * time so far and `detail()` (what the step is doing, when it can tell).
 * @template T
 * @param {string} label
 * @param {() => Promise<T>} action
 * @param {{ detail?: () => string | null | undefined, everyMs?: number, write?: (line: string) => void }} [options]
 * @returns {Promise<T>}
 */
export async function timed(label, action, { detail, everyMs = PROGRESS_EVERY_MS, write = step } = {}) {
  const t0 = Date.now();
  write(`${label} …`);
  const timer = setInterval(() => {
    const now = detail?.();
    write(`${label}: ${formatMs(Date.now() - t0, 0)} so far${now ? ` (${now})` : ''}`);
  }, everyMs);
  try {
    const result = await action();
    write(`${label}: done in ${formatMs(Date.now() - t0)}`);
    return result;
  } finally {
    clearInterval(timer);
  }
}

export function formatMs(ms, digits = 1) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(digits)} s`;
}

export function sinceStart() {
  return formatMs(Date.now() - started);
}
