import 'server-only';
import type { RunEventHub } from '@/lib/runs/run-event-hub';
import { isTerminalStatus } from '@/lib/runs/run-status';
import type { RunEventRecord } from '@/lib/run-events/schema';
import type { Database } from '@/lib/store/database';

export type FollowOptions = {
  db: Database;
  hub: Pick<RunEventHub, 'subscribe'>;
  runId: string;
  /** Deliver events with seq > after (−1: from the start). */
  after?: number;
  /** Receives each batch, in seq order, each event once. */
  onEvents: (events: RunEventRecord[]) => void;
  signal?: AbortSignal;
  /** Re-read this often without a NOTIFY (the safety net for a lost one). */
  pollMs?: number;
  /** How long a missing seq is waited for before reading past it. */
  gapWaitMs?: number;
  /** A run terminal in its row this long without a terminal status event (a queued run cancelled) has ended. */
  terminalGraceMs?: number;
  /** Called once the follower listens for the run's events (from then on nothing is missed live). */
  onListening?: () => void;
};

export type FollowResult = { status: string; ended: boolean; lastSeq: number };

/**
 * Follows a run's event log until the run ends (or `signal` aborts): LISTEN on
 * `switchboard_run_events` through the hub; each NOTIFY (or poll) triggers one read of seq > last
 * delivered. Reads never overlap, a seq that skips ahead is waited for, so nothing is delivered twice
 * or out of order — the same contract as the live view's SSE stream (lib/runs/run-event-stream.ts).
 * Ends once the last status event delivered is terminal and the run's row agrees (a resumed run goes on).
 */
export async function followRun(options: FollowOptions): Promise<FollowResult> {
  const { db, runId, signal } = options;
  const pollMs = options.pollMs ?? 1_000;
  const gapWaitMs = options.gapWaitMs ?? 2_000;
  const terminalGraceMs = options.terminalGraceMs ?? 3_000;
  let last = options.after ?? -1;
  let lastEventStatus: string | null = null;
  let gapSince: number | null = null;
  let wake: (() => void) | null = null;
  let woken = false;
  const rouse = () => {
    woken = true;
    wake?.();
  };
  const unsubscribe = await options.hub.subscribe(runId, rouse);
  options.onListening?.();
  signal?.addEventListener('abort', rouse);
  try {
    for (;;) {
      if (signal?.aborted) return { status: await rowStatus(db, runId), ended: false, lastSeq: last };
      woken = false;
      const rows = await db.runEvent.findMany({
        where: { runId, seq: { gt: last } },
        orderBy: { seq: 'asc' },
        take: 500,
        select: { seq: true, type: true, payload: true, createdAt: true },
      });
      const batch: RunEventRecord[] = [];
      let stoppedAtGap = false;
      let expected = last + 1;
      for (const row of rows) {
        if (row.seq !== expected) {
          // An earlier batch not visible yet: wait for it a little, then read past it.
          gapSince ??= Date.now();
          if (Date.now() - gapSince < gapWaitMs) {
            stoppedAtGap = true;
            break;
          }
          gapSince = null;
        }
        batch.push({ seq: row.seq, type: row.type, payload: row.payload, createdAt: row.createdAt.toISOString() });
        expected = row.seq + 1;
      }
      if (!stoppedAtGap) gapSince = null;
      if (batch.length) {
        last = batch.at(-1)!.seq;
        for (const event of batch) {
          if (event.type === 'status') lastEventStatus = String((event.payload as { status?: unknown } | null)?.status ?? '');
        }
        options.onEvents(batch);
        if (rows.length === 500 && !stoppedAtGap) continue;
      }
      const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, finishedAt: true, updatedAt: true } });
      if (!run) return { status: 'deleted', ended: true, lastSeq: last };
      if (isTerminalStatus(run.status)) {
        if (isTerminalStatus(lastEventStatus) && !stoppedAtGap) return { status: run.status, ended: true, lastSeq: last };
        if (Date.now() - (run.finishedAt ?? run.updatedAt).getTime() > terminalGraceMs) return { status: run.status, ended: true, lastSeq: last };
      }
      // The terminal event is in and the row is about to follow (the conductor writes it right after): look again soon.
      const delay = isTerminalStatus(lastEventStatus) || gapSince !== null ? 100 : pollMs;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, delay);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  } finally {
    signal?.removeEventListener('abort', rouse);
    unsubscribe();
  }
}

async function rowStatus(db: Database, runId: string): Promise<string> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
  return run?.status ?? 'deleted';
}
