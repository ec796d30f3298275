import type { RunWatch, RunWatcher } from '@/lib/agent/conductor';
import type { Logger } from '@/lib/server/logger';
import type { Database } from '@/lib/store/database';
import { beatHeartbeats } from '@/lib/store/heartbeats';

/**
 * The heartbeats of every run a worker executes, written in one statement per tick
 * (`beatHeartbeats`): a hundred runs cost one UPDATE every tick instead of a hundred. A run that
 * is no longer ours is reported lost to its watcher, a pending cancel as requested; a run whose
 * row a write holds right now is left to the next tick.
 */
export class RunHeartbeats implements RunWatch {
  private readonly watchers = new Map<string, RunWatcher>();
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
  watch(runId: string, watcher: RunWatcher): () => void {
    this.watchers.set(runId, watcher);
    return () => this.watchers.delete(runId);
  }

  private async beat(): Promise<void> {
    if (this.beating || this.watchers.size === 0) return;
    this.beating = true;
    const ids = [...this.watchers.keys()];
    try {
      for (const row of await beatHeartbeats(this.db, this.workerId, ids)) {
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
