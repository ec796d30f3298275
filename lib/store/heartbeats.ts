import type { Database } from './database';

/** One watched run after a beat: still this worker's and `running` (`ours`), skipped because a write holds its row (`held`), its pending cancel. */
export type BeatenRun = { id: string; ours: boolean; held: boolean; cancelRequestedAt: Date | null };

/**
 * One heartbeat for every run a worker executes, in one statement: the rows still this worker's
 * and `running` get a fresh heartbeat and report a pending cancel; a run that is not ours any more
 * answers `ours: false` (swept as interrupted, or its row is gone).
 *
 * A row locked right now is skipped (SKIP LOCKED) and answers `held`, neither beaten nor judged: it
 * is in one of our fenced writes, which refreshes its heartbeat itself, or the sweeper holds it.
 * Waiting for it instead would hold every other run's row until that write commits — one slow
 * write would stall all the worker's runs behind the heartbeat.
 */
export function beatHeartbeats(db: Database, workerId: string, runIds: string[]): Promise<BeatenRun[]> {
  return db.$queryRaw<BeatenRun[]>`
    WITH free AS (
      SELECT "id" FROM "Run" WHERE "id" = ANY(${runIds}::uuid[]) FOR NO KEY UPDATE SKIP LOCKED
    ), beaten AS (
      UPDATE "Run" AS r SET "heartbeatAt" = now() FROM free
      WHERE r."id" = free."id" AND r."status" = 'running' AND r."workerId" = ${workerId}
      RETURNING r."id", r."cancelRequestedAt"
    )
    SELECT watched."id"::text AS id, beaten."id" IS NOT NULL AS ours, beaten."cancelRequestedAt",
      free."id" IS NULL AND EXISTS (SELECT 1 FROM "Run" WHERE "Run"."id" = watched."id") AS held
    FROM unnest(${runIds}::uuid[]) AS watched("id")
    LEFT JOIN free ON free."id" = watched."id"
    LEFT JOIN beaten ON beaten."id" = watched."id"`;
}
