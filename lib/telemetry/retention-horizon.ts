// Retention drops provider calls (lib/store/run-retention.ts); the rollups keep their aggregates.
// A bucket that may have held a dropped call is never rebuilt from "ProviderCall" again: its rollup
// rows are all that is left of those calls. The refresh (rollups.ts) asks here where rebuilding may
// start; retention-guard.ts makes sure the rollups hold the calls before they are dropped.
import type { Prisma } from '@/lib/store/generated/prisma/client';
import { bucketStart } from './buckets';

/**
 * The first bucket of `widthSeconds` that can be rebuilt from "ProviderCall": the one after the
 * bucket holding the latest dropped call. Null when retention never dropped a call.
 */
export function rebuildableFrom(callsUntil: Date | null, widthSeconds: number): Date | null {
  if (!callsUntil) return null;
  return new Date(bucketStart(callsUntil, widthSeconds).getTime() + widthSeconds * 1000);
}

/** The latest start of a call retention dropped (RetentionSweep.callsUntil), null when none. */
export async function droppedCallsUntil(db: Prisma.TransactionClient): Promise<Date | null> {
  const [row] = await db.$queryRaw<Array<{ until: Date | null }>>`SELECT max("callsUntil") AS "until" FROM "RetentionSweep"`;
  return row?.until ?? null;
}
