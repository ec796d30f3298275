import { WRITE_TRANSACTION_OPTIONS, type Database } from './database';
import { appendRunEventsInTransaction } from './run-event-writer';
import { runUpdatedEvent, turnSummaryEvent } from './run-views';

const INTERRUPTED_MESSAGE = 'The worker running this run stopped (no heartbeat). Resume continues after the last completed turn.';

/** Runs whose worker stopped beating (killed, machine lost) become `interrupted`. */
export async function markStaleRunsInterrupted(
  db: Database,
  staleAfterMs: number,
  onSkipped?: (runId: string, error: unknown) => void,
): Promise<string[]> {
  const stale = await db.run.findMany({
    where: { status: 'running', heartbeatAt: { lt: new Date(Date.now() - staleAfterMs) } },
    select: { id: true },
  });
  if (!stale.length) return [];
  const interrupted: string[] = [];
  for (const { id } of stale) {
    // The run, its running turn and the `interrupted` event change together: a sweeper that dies
    // half-way leaves the run running (stale), for the next sweep.
    const marked = await db
      .$transaction(async (tx) => {
        // A run whose row is locked (its worker is inside a write) is left for the next sweep.
        await tx.$executeRaw`SET LOCAL lock_timeout = '1s'`;
        const { count } = await tx.run.updateMany({
          where: { id, status: 'running', heartbeatAt: { lt: new Date(Date.now() - staleAfterMs) } },
          data: { status: 'interrupted', finishedAt: new Date(), errorKind: 'interrupted', errorMessage: INTERRUPTED_MESSAGE },
        });
        if (!count) return false;
        const running = await tx.turn.findMany({ where: { runId: id, status: 'running' }, select: { id: true } });
        await tx.turn.updateMany({
          where: { runId: id, id: { in: running.map((turn) => turn.id) } },
          data: { status: 'failed', finishReason: 'interrupted', finishedAt: new Date() },
        });
        // The worker that held the run stopped writing (its heartbeat did): the events go after its last.
        await appendRunEventsInTransaction(tx, id, [
          ...(await Promise.all(running.map((turn) => turnSummaryEvent(tx, id, turn.id)))),
          await runUpdatedEvent(tx, id),
          { type: 'status', payload: { status: 'interrupted', message: INTERRUPTED_MESSAGE } },
        ]);
        return true;
      }, WRITE_TRANSACTION_OPTIONS)
      .catch((error: unknown) => {
        onSkipped?.(id, error);
        return false;
      });
    if (marked) interrupted.push(id);
  }
  return interrupted;
}

/**
 * Runs queued longer than `staleAfterMs` without a waiting job of `queue` (pg-boss, same database):
 * a worker took their job and died before it could claim the run.
 */
export async function queuedRunsWithoutJob(db: Database, queue: string, staleAfterMs: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id::text AS id FROM "Run" r
    WHERE r.status = 'queued' AND r."updatedAt" < now() - make_interval(secs => ${staleAfterMs / 1000})
      AND NOT EXISTS (
        SELECT 1 FROM pgboss.job j
        WHERE j.name = ${queue} AND j.data->>'runId' = r.id::text AND j.state IN ('created', 'retry')
      )`;
  return rows.map((row) => row.id);
}
