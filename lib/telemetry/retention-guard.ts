// Retention (lib/store/run-retention.ts) drops a month of provider calls only once the rollups hold
// them: every rollup bucket a call falls in (up to the widest, a week) complete at the watermark,
// and the call recorded before it. Charts read complete buckets from the rollups (sources.ts), so a
// window over dropped months still shows them; what reads "ProviderCall" alone — the partial first
// and last bucket of a window, the 1- and 5-minute buckets of windows up to ~8 h, alert windows,
// the quota headroom chart (RateLimitSample goes with the runs) — no longer sees them.
import type { Prisma } from '@/lib/store/generated/prisma/client';
import type { DroppedCalls } from '@/lib/store/run-retention';
import { bucketStart } from './buckets';
import { ROLLUP_WIDTHS_SECONDS } from './rollup-rebuild';
import { rollupWatermark, takeRefreshLock } from './rollup-state';

const WIDEST_SECONDS = Math.max(...ROLLUP_WIDTHS_SECONDS);

/** The end of the widest rollup bucket holding `time`: every rollup bucket holding it is complete by then. */
function everyBucketCompleteAt(time: Date): Date {
  return new Date(bucketStart(time, WIDEST_SECONDS).getTime() + WIDEST_SECONDS * 1000);
}

/**
 * The retention guard: null when the rollups hold every call about to be dropped, else why not yet.
 * It takes the rollup lock for the rest of the dropping transaction, so no refresh rebuilds a bucket
 * from calls that are about to vanish (a refresh after it reads RetentionSweep.callsUntil).
 */
export async function rollupsHoldCalls(tx: Prisma.TransactionClient, calls: DroppedCalls): Promise<string | null> {
  if (!calls.lastStartedAt || !calls.lastRecordedAt) return null;
  if (!(await takeRefreshLock(tx))) return 'the telemetry rollups are being refreshed';
  const watermark = await rollupWatermark(tx);
  if (!watermark) return 'the telemetry rollups have not been built yet';
  const needed = new Date(Math.max(calls.lastRecordedAt.getTime(), everyBucketCompleteAt(calls.lastStartedAt).getTime()));
  if (watermark < needed)
    return `the telemetry rollups hold these calls once they reach ${needed.toISOString()} (they are at ${watermark.toISOString()})`;
  return null;
}
