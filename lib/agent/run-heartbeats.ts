import type { Logger } from './logger';
import type { Database } from '@/lib/store/prisma';

type Watcher = { lost(): void; cancelRequested(): void };

/**
 * The heartbeats of every run a worker executes, written in one statement per tick: the rows
 * still this worker's and `running` get a fresh heartbeat and report a pending cancel; a run
 * missing from the answer was taken from the worker (swept as interrupted). A hundred runs cost
 * one UPDATE every tick instead of a hundred.
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
      const rows = await this.db.$queryRaw<Array<{ id: string; cancelRequestedAt: Date | null }>>`
        UPDATE "Run" SET "heartbeatAt" = now()
        WHERE "id" = ANY(${ids}::uuid[]) AND "status" = 'running' AND "workerId" = ${this.workerId}
        RETURNING "id", "cancelRequestedAt"`;
      const alive = new Map(rows.map((row) => [row.id, row]));
      for (const id of ids) {
        const watcher = this.watchers.get(id); // a run that ended meanwhile is no longer watched
        if (!watcher) continue;
        const row = alive.get(id);
        if (!row) watcher.lost();
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
