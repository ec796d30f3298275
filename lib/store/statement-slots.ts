import type pg from 'pg';

/** At most `size` tasks at once; the others wait their turn, first come first served. */
export class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/**
 * Connections of a pool the held runs' statements (their fenced writes, claims and the conductor's
 * reads) leave to the rest of the process: the group insert of streamed events (one statement at a
 * time for every run) and the heartbeat must not queue behind a hundred runs' writes — a chunk
 * reaches the browser after that insert. (Measured with bench/concurrency.ts at 100 runs: p95 650 /
 * 942 / 696 ms with two connections kept free, 1,190 / 2,051 / 916 ms without, in turn.)
 */
const KEPT_FREE = 2;

const slotsOfPools = new WeakMap<pg.Pool, Slots>();

/** The slots of the held runs' statements on a pool: its size less the connections they leave free (at least one). */
export function fencedSlots(pool: pg.Pool): Slots {
  let slots = slotsOfPools.get(pool);
  if (!slots) slotsOfPools.set(pool, (slots = new Slots(Math.max(1, (pool.options.max ?? 10) - KEPT_FREE))));
  return slots;
}
