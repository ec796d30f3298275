// How many worker processes `npm start` runs beside the console: SWITCHBOARD_WORKERS, else one per
// core; and the Postgres connections that many processes may hold at once.
import { ExpectedFailure } from './expected-failure.mjs';

/** More processes than this is a typo, not a plan: each holds ~250 MB and up to 15 connections. */
export const MAX_WORKERS = 64;

/** At most, per process: Prisma's pool (10), pg-boss' pool (4) and the console's LISTEN connection (1). */
export const CONNECTIONS_PER_PROCESS = 15;

/** Headroom for the CLIs (`npm run runs`, `seed:demo`, `import`), an extra `npm run worker` and psql. */
const SPARE_CONNECTIONS = 40;

/**
 * The number of worker processes: `value` (SWITCHBOARD_WORKERS) when set, else `cores`; 0 is a console
 * that only queues runs (they wait for an `npm run worker`). Anything but a whole number from 0 to
 * MAX_WORKERS is an ExpectedFailure that says what to set.
 * @param {string | undefined} value
 * @param {number} cores
 * @returns {{ count: number, source: 'setting' | 'cores' }}
 */
export function parseWorkerCount(value, cores) {
  if (value === undefined || value.trim() === '') return { count: Math.min(Math.max(1, cores), MAX_WORKERS), source: 'cores' };
  const text = value.trim();
  const count = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (count >= 0 && count <= MAX_WORKERS) return { count, source: 'setting' };
  const why = Number.isNaN(count) ? 'is not a whole number' : count < 0 ? 'is negative' : `is more than ${MAX_WORKERS}`;
  throw new ExpectedFailure(
    `SWITCHBOARD_WORKERS=${text} ${why}: set it to the number of worker processes, 1 to ${MAX_WORKERS}, ` +
      `or 0 for a console without workers (unset: one per core, ${Math.min(cores, MAX_WORKERS)} here).`,
  );
}

/** `max_connections` for an embedded Postgres serving the console and `workers` worker processes (Postgres' default, 100, at least). */
export function connectionsNeeded(workers) {
  return Math.max(100, (workers + 1) * CONNECTIONS_PER_PROCESS + SPARE_CONNECTIONS);
}
