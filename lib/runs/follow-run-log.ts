import 'server-only';
import { readRunEvent } from '@/lib/run-events/read-run-event';
import type { RunEventRecord, RunStatus } from '@/lib/run-events/schema';
import type { Database } from '@/lib/store/database';
import { runLogReads, type RunLogReads } from '@/lib/store/run-log-reads';
import type { RunEventHub } from './run-event-hub';
import { isTerminalStatus } from './run-status';

/** How a run's log is followed, for the live view (SSE) and `npm run runs -- tail` alike. */
export const FOLLOW = {
  /** Re-read this often without a NOTIFY: the safety net for a listener that missed one. */
  pollMs: 2_000,
  /** How long a missing seq (an earlier batch not visible yet) is waited for before reading past it. */
  gapWaitMs: 2_000,
  /** A run terminal in its row this long without its terminal status event (a queued run cancelled) has ended. */
  terminalGraceMs: 3_000,
  /** Rows per read. */
  batchSize: 500,
  /** A read unanswered this long (a connection that hung without a word) ends the follow with an error. */
  readTimeoutMs: 30_000,
} as const;

export type FollowRunLogOptions = {
  db: Database;
  /** What the log and the run's row are read with (default: the process's batched reads on `db`'s pool). */
  reads?: RunLogReads;
  hub: Pick<RunEventHub, 'subscribe'>;
  runId: string;
  /** Deliver events with seq > after (−1: from the start). */
  after: number;
  /** Stops following (the iterator ends without `end`). */
  signal?: AbortSignal;
  /** Called once the follower listens for the run's NOTIFYs (from then on nothing is missed live). */
  onListening?: () => void;
  /** A read that failed (the database restarting): it is tried again on the next NOTIFY or poll. */
  onError?: (error: unknown) => void;
} & { [Setting in keyof typeof FOLLOW]?: number };

export type RunLogStep =
  /** The next events, in seq order, each once. */
  | { kind: 'events'; events: RunEventRecord[] }
  /** The run is over and its log complete (`status` null: the run no longer exists); the iterator ends. */
  | { kind: 'end'; status: RunStatus | null };

/** A read that did not answer in time: following ends (the browser reconnects; the CLI says so). */
export class RunLogUnanswered extends Error {}

/**
 * Follows one run's event log until the run ends, as an async iterator of steps: the backlog after
 * `after`, then what commits later, woken by the hub's LISTEN (`switchboard_run_events`) and by a
 * slow poll. Each read is `seq > last delivered` and reads never overlap, so nothing is delivered
 * twice or out of order; a seq that skips ahead is waited for (`gapWaitMs`) rather than skipped.
 * The run has ended once its row is terminal and the last status its log delivered (a `status` or
 * `run-updated` event) is terminal too — or the row has been terminal for `terminalGraceMs` (logs
 * written before every status change wrote an event). A resumed run goes on: its log says `queued`.
 */
export async function* followRunLog(options: FollowRunLogOptions): AsyncGenerator<RunLogStep, void, undefined> {
  const { db, hub, runId, signal } = options;
  const settings = {
    pollMs: options.pollMs ?? FOLLOW.pollMs,
    gapWaitMs: options.gapWaitMs ?? FOLLOW.gapWaitMs,
    terminalGraceMs: options.terminalGraceMs ?? FOLLOW.terminalGraceMs,
    batchSize: options.batchSize ?? FOLLOW.batchSize,
    readTimeoutMs: options.readTimeoutMs ?? FOLLOW.readTimeoutMs,
  };
  const reads = options.reads ?? runLogReads(db);
  const wake = new Wake();
  let release: (() => void) | null = null;
  const stop = () => {
    release?.();
    wake.fire();
  };
  signal?.addEventListener('abort', stop, { once: true });

  const timed = <T>(read: Promise<T>): Promise<T> => withTimeout(read, settings.readTimeoutMs);
  let last = options.after;
  let lastStatusEvent: string | null = null;
  let statusEventKnown = last < 0;
  let gapSince: number | null = null;

  /**
   * What committed after `last`, up to a gap still waited for (`complete` false). Nothing counts
   * as delivered until all of it was read: a read that fails midway is read again whole.
   */
  async function drain(): Promise<{ events: RunEventRecord[]; complete: boolean }> {
    const events: RunEventRecord[] = [];
    let cursor = last;
    const done = (complete: boolean) => {
      last = cursor;
      for (const event of events) lastStatusEvent = statusOf(event) ?? lastStatusEvent;
      return { events, complete };
    };
    for (;;) {
      const rows = await timed(reads.eventsAfter(runId, cursor, settings.batchSize));
      for (const row of rows) {
        if (row.seq !== cursor + 1) {
          gapSince ??= Date.now();
          if (Date.now() - gapSince < settings.gapWaitMs) return done(false);
        }
        gapSince = null;
        events.push(row);
        cursor = row.seq;
      }
      if (rows.length < settings.batchSize) return done(true);
    }
  }

  try {
    try {
      release = await hub.subscribe(runId, wake.fire);
      if (signal?.aborted) release();
    } catch (error) {
      // Without a listener the poll still delivers; the hub listens again once the database is back.
      options.onError?.(error);
    }
    options.onListening?.();

    let rowReadAt = -Infinity;
    while (!signal?.aborted) {
      // A NOTIFY says the log grew: the row is looked at only when the log says the run ended, or as
      // often as the poll would (a run whose row ends without a status event: a queued run cancelled).
      const notified = wake.fired;
      wake.reset();
      let delay: number = settings.pollMs;
      const steps: RunLogStep[] = [];
      try {
        if (!statusEventKnown) {
          // Continuing after `after`: the last status event already delivered says whether the log ended.
          const event = await timed(reads.lastStatusEventUpTo(runId, last));
          lastStatusEvent = event && statusOf(event);
          statusEventKnown = true;
        }
        const read = await drain();
        if (read.events.length) steps.push({ kind: 'events', events: read.events });
        if (!read.complete) delay = 100;
        else if (!notified || isTerminalStatus(lastStatusEvent) || Date.now() - rowReadAt >= settings.pollMs) {
          rowReadAt = Date.now();
          const run = await timed(reads.runState(runId));
          if (!run) steps.push({ kind: 'end', status: null });
          else if (!isTerminalStatus(run.status)) {
            // The log says the run ended but its row does not yet: a writer that commits the two apart
            // (the worker commits them together; logs and tools of before did not). Look again soon.
            if (isTerminalStatus(lastStatusEvent)) delay = 200;
          } else {
            // The row's last change commits with the log's last events, maybe after the read above: read once more.
            const rest = await drain();
            if (rest.events.length) steps.push({ kind: 'events', events: rest.events });
            const settled =
              isTerminalStatus(lastStatusEvent) || !run.finishedAt || Date.now() - run.finishedAt.getTime() > settings.terminalGraceMs;
            if (!rest.complete) delay = 100;
            else if (settled) steps.push({ kind: 'end', status: run.status });
            else delay = 250;
          }
        }
      } catch (error) {
        if (error instanceof RunLogUnanswered) throw error;
        options.onError?.(error);
      }
      for (const step of steps) {
        yield step;
        if (step.kind === 'end') return;
      }
      if (!wake.fired) await wake.wait(delay);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    release?.();
  }
}

/** The run status an event records: a `status` event's, or the row's as a `run-updated` event carries it. */
function statusOf(event: RunEventRecord): string | null {
  if (event.type !== 'status' && event.type !== 'run-updated') return null;
  const read = readRunEvent(event);
  return read.ok && (read.body.type === 'status' || read.body.type === 'run-updated') ? read.body.payload.status : null;
}

function withTimeout<T>(read: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RunLogUnanswered(`the database did not answer within ${ms} ms`)), ms);
    read.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** A NOTIFY (or an abort) that wakes the follower, remembered when it comes while a read is in flight. */
class Wake {
  fired = false;
  private resolve: (() => void) | null = null;

  readonly fire = () => {
    this.fired = true;
    this.resolve?.();
  };

  reset(): void {
    this.fired = false;
  }

  /** Resolves on the next `fire`, or after `ms`. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.resolve = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.resolve = done;
    });
  }
}
