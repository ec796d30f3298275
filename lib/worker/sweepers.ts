import type PgBoss from 'pg-boss';
import { exportRunTracesInBackground } from '@/lib/otel/export-run-trace';
import { enqueueRun, RUN_QUEUE } from '@/lib/runs/run-queue';
import type { Logger } from '@/lib/server/logger';
import type { Database } from '@/lib/store/database';
import { markStaleRunsInterrupted, queuedRunsWithoutJob } from '@/lib/store/stale-runs';

/**
 * Queued runs whose job is gone — a worker took the job and died before it could claim the run —
 * would wait forever: after `staleAfterMs` in the queue without a waiting job, they get a new job.
 * (A duplicate job is harmless: only one worker can claim the run.)
 */
export async function requeueOrphanedRuns(db: Database, boss: PgBoss, staleAfterMs: number): Promise<string[]> {
  const orphaned = await queuedRunsWithoutJob(db, RUN_QUEUE, staleAfterMs);
  for (const id of orphaned) await enqueueRun(boss, id);
  return orphaned;
}

/**
 * Every worker sweeps, now and every `min(5 s, staleAfterMs)`: queued runs without a job get a new
 * one, runs whose worker stopped beating are marked `interrupted` (and exported as traces, as a
 * finished run is). Returns the function that stops sweeping.
 */
export function startSweepers(db: Database, boss: PgBoss, staleAfterMs: number, logger: Logger): () => void {
  const sweep = () =>
    requeueOrphanedRuns(db, boss, staleAfterMs)
      .then((ids) => ids.length && logger.warn({ runs: ids }, 'queued runs without a job (their worker died taking them) queued again'))
      .catch((error: unknown) => logger.error({ err: String(error) }, 'orphaned-run sweep failed'))
      .then(() =>
        markStaleRunsInterrupted(db, staleAfterMs, (runId, error) =>
          logger.warn({ runId, err: String(error) }, 'stale run left for the next sweep'),
        ),
      )
      .then((ids) => exportRunTracesInBackground(db, ids, { logger }))
      .then((ids) => ids.length && logger.warn({ runs: ids }, 'marked runs of a stopped worker as interrupted'))
      .catch((error: unknown) => logger.error({ err: String(error) }, 'stale-run sweep failed'));
  const timer = setInterval(sweep, Math.min(5_000, staleAfterMs));
  void sweep();
  return () => clearInterval(timer);
}
