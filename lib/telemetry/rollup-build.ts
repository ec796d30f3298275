// The rollups' build from scratch (the first refresh, after their definitions changed, or when asked
// for), one week of calls per transaction: at ten million calls a single transaction would run for
// most of an hour, past any transaction timeout, holding the refresh lock throughout. Each step
// commits the build's progress (rollup-state.ts), so whichever refresher takes the lock next goes on
// from there. Until the last step makes the build's target the watermark, the charts read
// "ProviderCall" alone (sources.ts): slower, never wrong.
import { Prisma } from '@/lib/store/generated/prisma/client';
import { bucketStart } from './buckets';
import { droppedCallsUntil, rebuildableFrom } from './retention-horizon';
import { rebuildWidth, ROLLUP_WIDTHS_SECONDS } from './rollup-rebuild';
import { finishBuild, readBuild, writeBuild, type RollupBuild } from './rollup-state';
import { timestamp } from './sql';

/** A step's span: the widest rollup bucket, so that every bucket of every width lies within one step. */
export const BUILD_STEP_SECONDS = Math.max(...ROLLUP_WIDTHS_SECONDS);
const NARROWEST_SECONDS = Math.min(...ROLLUP_WIDTHS_SECONDS);

/** What a step did: the buckets it rebuilt, and the watermark once the build is finished (null before). */
export type BuildStep = { buckets: number; finished: Date | null };

/** The start of the first call at or after `from` that lies in a bucket complete before `target`. */
async function firstCallFrom(tx: Prisma.TransactionClient, from: Date | null, target: Date): Promise<Date | null> {
  const atOrAfter = from ? Prisma.sql`AND "startedAt" >= ${timestamp(from)}` : Prisma.empty;
  const [row] = await tx.$queryRaw<Array<{ first: Date | null }>>`
    SELECT min("startedAt") AS "first" FROM "ProviderCall"
    WHERE "startedAt" < ${timestamp(bucketStart(target, NARROWEST_SECONDS))} ${atOrAfter}`;
  return row?.first ?? null;
}

/** A new build starts with no rollup rows but those of buckets retention emptied (all that is left of their calls). */
async function clearRebuildableRows(tx: Prisma.TransactionClient, callsUntil: Date | null): Promise<void> {
  for (const width of ROLLUP_WIDTHS_SECONDS) {
    const floor = rebuildableFrom(callsUntil, width);
    const rebuildable = floor ? Prisma.sql`AND "bucket" >= ${timestamp(floor)}` : Prisma.empty;
    await tx.$executeRaw`DELETE FROM "TelemetryRollup" WHERE "widthSeconds" = ${width} ${rebuildable}`;
  }
}

/**
 * One step of the build (starting one, up to `upTo`, when none is under way): the rollup rows of
 * the next week that holds calls, or, past the last such week, the end of the build.
 */
export async function buildStep(tx: Prisma.TransactionClient, upTo: Date): Promise<BuildStep> {
  const callsUntil = await droppedCallsUntil(tx);
  let build: RollupBuild | null = await readBuild(tx);
  if (!build) {
    build = { target: upTo, cursor: null };
    await clearRebuildableRows(tx, callsUntil);
  }
  const first = await firstCallFrom(tx, build.cursor, build.target);
  if (!first) {
    await finishBuild(tx, build);
    return { buckets: 0, finished: build.target };
  }
  const from = bucketStart(first, BUILD_STEP_SECONDS);
  const to = new Date(from.getTime() + BUILD_STEP_SECONDS * 1000);
  let buckets = 0;
  for (const width of ROLLUP_WIDTHS_SECONDS) {
    const completeBefore = bucketStart(build.target, width);
    const floor = rebuildableFrom(callsUntil, width);
    const start = floor && floor > from ? floor : from;
    const end = to < completeBefore ? to : completeBefore;
    if (start >= end) continue;
    await rebuildWidth(tx, width, completeBefore, { from: start, to: end });
    buckets += (end.getTime() - start.getTime()) / (width * 1000);
  }
  await writeBuild(tx, { target: build.target, cursor: to });
  return { buckets, finished: null };
}
