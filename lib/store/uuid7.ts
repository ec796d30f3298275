import { randomBytes } from 'node:crypto';

/**
 * UUID v7 ids that sort in the order they were made (RFC 9562, method 1: a 12-bit counter in
 * `rand_a` within one millisecond). The importer gives rows ids in bundle order this way, so
 * queries that break ties by id read them back in that order.
 */
export function monotonicUuid7(clock: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = clock();
    if (ms <= lastMs) {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        ms++;
        counter = 0;
      }
    } else {
      counter = 0;
    }
    lastMs = ms;
    const bytes = randomBytes(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** Ids of the rows the store writes in its own statements (fenced-statements.ts), as Prisma's `uuid(7)` makes them for the rows it writes. */
export const newRowId = monotonicUuid7();

/** A UUID v7 of the millisecond `ms`: the id of a run created then (rows seeded into the past). */
export function uuid7At(ms: number): string {
  return monotonicUuid7(() => ms)();
}
