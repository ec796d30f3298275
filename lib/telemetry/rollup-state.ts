// Where the telemetry rollups stand ("TelemetryRollupState"): the watermark of the refreshes and the
// progress of a build from scratch, each under an id naming the definitions the rollups were built
// with (rollup-rebuild.ts), so that rollups of other definitions are never read as these.
import type { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import { DEFINITIONS_FINGERPRINT } from './rollup-rebuild';

const STATE_ID_PREFIX = 'provider-call';
export const ROLLUP_STATE_ID = `${STATE_ID_PREFIX}:${DEFINITIONS_FINGERPRINT}`;
const BUILD_TARGET_ID = `${ROLLUP_STATE_ID}:build-target`;
const BUILD_CURSOR_ID = `${ROLLUP_STATE_ID}:build-cursor`;

/** Only one refresher at a time across every worker process (pg_try_advisory_xact_lock). */
export const ROLLUP_LOCK_KEY = 0x5b_70_11_0b;

type Client = Database | Prisma.TransactionClient;

/** Takes the refresh lock for the rest of the transaction; false when another holds it. */
export async function takeRefreshLock(tx: Prisma.TransactionClient): Promise<boolean> {
  const [lock] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK_KEY}) AS locked`;
  return lock?.locked === true;
}

async function readState(db: Client, id: string): Promise<Date | null> {
  const rows = await db.$queryRaw<Array<{ watermark: Date }>>`SELECT "watermark" FROM "TelemetryRollupState" WHERE "id" = ${id}`;
  return rows[0]?.watermark ?? null;
}

async function writeState(tx: Prisma.TransactionClient, id: string, value: Date): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "TelemetryRollupState" ("id", "watermark", "updatedAt") VALUES (${id}, ${value.toISOString()}::timestamptz, now())
    ON CONFLICT ("id") DO UPDATE SET "watermark" = excluded."watermark", "updatedAt" = now()`;
}

/** Where the rollups stand: every complete bucket holds the rows recorded up to the watermark. Null until built. */
export function rollupWatermark(db: Client): Promise<Date | null> {
  return readState(db, ROLLUP_STATE_ID);
}

export function writeWatermark(tx: Prisma.TransactionClient, watermark: Date): Promise<void> {
  return writeState(tx, ROLLUP_STATE_ID, watermark);
}

/** A build from scratch under way: the watermark it builds up to, and where its next step starts (null: not yet begun). */
export type RollupBuild = { target: Date; cursor: Date | null };

export async function readBuild(tx: Prisma.TransactionClient): Promise<RollupBuild | null> {
  const target = await readState(tx, BUILD_TARGET_ID);
  return target && { target, cursor: await readState(tx, BUILD_CURSOR_ID) };
}

export async function writeBuild(tx: Prisma.TransactionClient, build: RollupBuild): Promise<void> {
  await writeState(tx, BUILD_TARGET_ID, build.target);
  if (build.cursor) await writeState(tx, BUILD_CURSOR_ID, build.cursor);
}

/** Ends a build: its watermark becomes the rollups' own. */
export async function finishBuild(tx: Prisma.TransactionClient, build: RollupBuild): Promise<void> {
  await writeWatermark(tx, build.target);
  await tx.$executeRaw`DELETE FROM "TelemetryRollupState" WHERE "id" IN (${BUILD_TARGET_ID}, ${BUILD_CURSOR_ID})`;
}

/** The rollups are to be built again from scratch: until then the charts read "ProviderCall" alone. */
export async function forgetRollupState(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`DELETE FROM "TelemetryRollupState" WHERE "id" IN (${ROLLUP_STATE_ID}, ${BUILD_TARGET_ID}, ${BUILD_CURSOR_ID})`;
}

/**
 * The state of rollups built with other definitions (this code before a metric changed): gone, so
 * that a process still running those definitions reads "ProviderCall" alone.
 */
export async function dropOtherDefinitions(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`DELETE FROM "TelemetryRollupState" WHERE "id" LIKE ${`${STATE_ID_PREFIX}%`}
    AND "id" NOT IN (${ROLLUP_STATE_ID}, ${BUILD_TARGET_ID}, ${BUILD_CURSOR_ID})`;
}
