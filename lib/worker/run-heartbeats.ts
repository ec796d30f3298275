import type { Logger } from '../server/logger';
import type { Database } from '@/lib/store/database';

type Watcher = { lost(): void; cancelRequested(): void };

/**
 * The heartbeats of every run a worker executes, written in one statement per tick: the rows
 * still this worker's and `running` get a fresh heartbeat and report a pending cancel; a run
 * missing from the answer was taken from the worker (swept as interrupted). A hundred runs cost
 * one UPDATE every tick instead of a hundred.
 *
 * A row locked right now is skipped this tick (SKIP LOCKED), neither beaten nor reported: it is in
 * one of our fenced writes, which refreshes its heartbeat itself, or the sweeper holds it (the next
 * tick tells). Waiting for it instead would hold every other run's row until that write commits —
 * one slow write would stall all the worker's runs behind the heartbeat.
 */
export class RunHeartbeats {
  private readonly watchers = new Map<string, Watcher>();
  private readonly timer: ReturnType<typeof setInterval>;
  private beating = false;

  constructor(
    private readonly db: Database,
    private readonly workerId: string,
    intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.beat(), intervalMs);
    this.timer.unref?.();
  }

  /** Watches a claimed run until the returned function is called. */
  watch(runId: string, watcher: Watcher): () => void {
    this.watchers.set(runId, watcher);
    return () => this.watchers.delete(runId);
  }

  private async beat(): Promise<void> {
    if (this.beating || this.watchers.size === 0) return;
    this.beating = true;
    const ids = [...this.watchers.keys()];
    try {
      // `held`: the row is locked right now (skipped this tick); a row that is gone is lost too.
      const rows = await this.db.$queryRaw<Array<{ id: string; ours: boolean; held: boolean; cancelRequestedAt: Date | null }>>`
        WITH free AS (
          SELECT "id" FROM "Run" WHERE "id" = ANY(${ids}::uuid[]) FOR NO KEY UPDATE SKIP LOCKED
        ), beaten AS (
          UPDATE "Run" AS r SET "heartbeatAt" = now() FROM free
          WHERE r."id" = free."id" AND r."status" = 'running' AND r."workerId" = ${this.workerId}
          RETURNING r."id", r."cancelRequestedAt"
        )
        SELECT watched."id"::text AS id, beaten."id" IS NOT NULL AS ours, beaten."cancelRequestedAt",
          free."id" IS NULL AND EXISTS (SELECT 1 FROM "Run" WHERE "Run"."id" = watched."id") AS held
        FROM unnest(${ids}::uuid[]) AS watched("id")
        LEFT JOIN free ON free."id" = watched."id"
        LEFT JOIN beaten ON beaten."id" = watched."id"`;
      for (const row of rows) {
        const watcher = this.watchers.get(row.id); // a run that ended meanwhile is no longer watched
        if (!watcher || row.held) continue;
        if (!row.ours) watcher.lost();
        else if (row.cancelRequestedAt) watcher.cancelRequested();
      }
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error), runs: ids.length }, 'heartbeat failed');
    } finally {
      this.beating = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.watchers.clear();
  }
}
