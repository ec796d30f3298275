// Telemetry rollups: the chart aggregates of completed buckets, per bucket width, for all calls,
// per provider, per model and per provider + model ("TelemetryRollup"). The charts read a
// bucket from here when it lies inside the window, was complete at the last refresh and has no
// ProviderCall row recorded since; every other bucket is computed from "ProviderCall" directly
// (lib/telemetry/sources.ts). So a stale rollup costs speed, never truth.
//
// A refresh rebuilds the buckets that changed since the watermark; without one, it builds them all
// from scratch in steps (rollup-build.ts). What a row holds and how it is computed: rollup-rebuild.ts.
import type { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import { bucketStart } from './buckets';
import { droppedCallsUntil, rebuildableFrom } from './retention-horizon';
import { buildStep } from './rollup-build';
import { rebuildWidth, ROLLUP_WIDTHS_SECONDS, type BucketSelection } from './rollup-rebuild';
import { dropOtherDefinitions, forgetRollupState, rollupWatermark, takeRefreshLock, writeWatermark } from './rollup-state';
import { bucketSql, timestamp } from './sql';

/**
 * Rows recorded less than this long ago may belong to transactions that are not visible yet;
 * a refresh reads up to `now - ROLLUP_SETTLE_MS` and the queries treat anything newer as unrolled.
 */
export const ROLLUP_SETTLE_MS = 30_000;

/** A transaction's limit: a step of a build from scratch is a week of calls, an incremental refresh what changed. */
const STEP_TIMEOUT_MS = 15 * 60_000;

/**
 * What a refresh did. `done`: the rollups reached its `upTo`; not done when it was stopped, or
 * another refresher took the lock between the steps of a build (it goes on with it).
 */
export type RollupRefresh =
  | { skipped: true; reason: 'another refresher holds the lock' }
  | {
      skipped: false;
      full: boolean;
      done: boolean;
      watermark: Date | null;
      buckets: number;
      steps: number;
      ms: number;
      longestStepMs: number;
    };

/** Past this many changed buckets a width is rebuilt from the earliest one on (one range scan). */
const MAX_LISTED_BUCKETS = 200;

/**
 * The selection without the buckets before `floor` (those that may have held calls retention
 * dropped: their rollup rows are kept as they are); null when nothing is left to rebuild.
 */
function rebuildableOnly(selection: BucketSelection, floor: Date | null): BucketSelection | null {
  if (!floor) return selection;
  if ('buckets' in selection) {
    const buckets = selection.buckets.filter((bucket) => bucket >= floor);
    return buckets.length ? { buckets } : null;
  }
  return { ...selection, from: selection.from > floor ? selection.from : floor };
}

/** Buckets of width `widthSeconds` that hold rows recorded in (after, upTo]. */
async function changedBuckets(tx: Prisma.TransactionClient, widthSeconds: number, after: Date, upTo: Date): Promise<Date[]> {
  const rows = await tx.$queryRaw<Array<{ bucket: Date }>>`
    SELECT DISTINCT ${bucketSql(widthSeconds)} AS bucket
    FROM "ProviderCall"
    WHERE "recordedAt" > ${timestamp(after)} AND "recordedAt" <= ${timestamp(upTo)}`;
  return rows.map((row) => row.bucket);
}

/** Starts of the buckets that ended in (after, upTo]: complete now, possibly incomplete at the last refresh. */
function bucketsCompletedBetween(widthSeconds: number, after: Date, upTo: Date): Date[] {
  const width = widthSeconds * 1000;
  const starts: Date[] = [];
  for (let end = bucketStart(after, widthSeconds).getTime() + width; end <= upTo.getTime(); end += width) {
    if (end > after.getTime()) starts.push(new Date(end - width));
  }
  return starts;
}

/**
 * From the watermark `previous` to `upTo`: rebuilds the buckets with rows recorded since, and those
 * that completed since. Buckets that may have held calls retention dropped are never rebuilt
 * (retention-horizon.ts): their rows are all that is left of those calls.
 */
async function refreshChangedBuckets(
  tx: Prisma.TransactionClient,
  previous: Date,
  upTo: Date,
): Promise<{ buckets: number; watermark: Date }> {
  if (upTo <= previous) return { buckets: 0, watermark: previous };
  const callsUntil = await droppedCallsUntil(tx);
  let buckets = 0;
  for (const width of ROLLUP_WIDTHS_SECONDS) {
    const completeBefore = bucketStart(upTo, width);
    const starts = new Map<number, Date>();
    for (const bucket of [...(await changedBuckets(tx, width, previous, upTo)), ...bucketsCompletedBetween(width, previous, upTo)]) {
      if (bucket < completeBefore) starts.set(bucket.getTime(), bucket);
    }
    const changed = [...starts.values()];
    if (!changed.length) continue;
    const selection = rebuildableOnly(
      changed.length > MAX_LISTED_BUCKETS ? { from: changed.reduce((min, bucket) => (bucket < min ? bucket : min)) } : { buckets: changed },
      rebuildableFrom(callsUntil, width),
    );
    if (!selection) continue;
    buckets += 'buckets' in selection ? selection.buckets.length : starts.size;
    await rebuildWidth(tx, width, completeBefore, selection);
  }
  await writeWatermark(tx, upTo);
  return { buckets, watermark: upTo };
}

/**
 * Brings the rollups up to `now - settleMs`, one transaction per step, each holding the refresh lock:
 * a refresh of what changed since the watermark is one step; without a watermark (the first time,
 * after the definitions changed, or with `full`) the rollups are first built from scratch, a week a
 * step. A refresh that finds the lock held returns `skipped`; `signal` stops it between steps.
 */
export async function refreshTelemetryRollups(
  db: Database,
  options: { full?: boolean; now?: Date; settleMs?: number; signal?: AbortSignal } = {},
): Promise<RollupRefresh> {
  const started = performance.now();
  const upTo = new Date((options.now ?? new Date()).getTime() - (options.settleMs ?? ROLLUP_SETTLE_MS));
  let restart = options.full === true;
  let full = false;
  let done = false;
  let watermark: Date | null = null;
  let buckets = 0;
  let steps = 0;
  let longestStepMs = 0;
  while (!done && !options.signal?.aborted) {
    const stepStarted = performance.now();
    const step = await db.$transaction(
      async (tx) => {
        if (!(await takeRefreshLock(tx))) return null;
        await dropOtherDefinitions(tx);
        if (restart) await forgetRollupState(tx);
        const previous = await rollupWatermark(tx);
        if (previous) return { build: false, ...(await refreshChangedBuckets(tx, previous, upTo)) };
        const { buckets, finished } = await buildStep(tx, upTo);
        return { build: true, buckets, watermark: finished };
      },
      { maxWait: 10_000, timeout: STEP_TIMEOUT_MS },
    );
    if (!step) {
      if (!steps) return { skipped: true, reason: 'another refresher holds the lock' };
      break;
    }
    restart = false;
    steps += 1;
    longestStepMs = Math.max(longestStepMs, Math.round(performance.now() - stepStarted));
    buckets += step.buckets;
    full ||= step.build;
    watermark = step.watermark ?? watermark;
    // A finished build is followed by one more step: what changed between its target and `upTo`.
    done = !step.build;
  }
  return { skipped: false, full, done, watermark, buckets, steps, ms: Math.round(performance.now() - started), longestStepMs };
}
