/** How long to wait before reconnecting a live stream. Pure and client-safe. */

export type BackoffOptions = {
  /** The ceiling of the first wait. */
  baseMs?: number;
  /** No wait is longer than this. */
  capMs?: number;
  /** [0, 1); injectable for tests. */
  random?: () => number;
};

export const RECONNECT_BASE_MS = 1_000;
export const RECONNECT_CAP_MS = 30_000;

/**
 * The wait before reconnect attempt `attempt` (0 for the first after a working stream): the ceiling
 * doubles from `baseMs` up to `capMs`, and the wait is a random point in its upper half, so pages
 * that lost the same server do not all come back in the same instant.
 */
export function reconnectDelayMs(attempt: number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? RECONNECT_BASE_MS;
  const capMs = options.capMs ?? RECONNECT_CAP_MS;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
