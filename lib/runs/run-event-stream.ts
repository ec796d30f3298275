import 'server-only';
import type { Database } from '@/lib/store/database';
import type { RunEventHub } from './run-event-hub';
import { isTerminalStatus } from './run-status';
import { sseComment, sseMessage } from './sse';

export type RunEventStreamOptions = {
  db: Database;
  hub: Pick<RunEventHub, 'subscribe'>;
  runId: string;
  /** Send events with seq > after (−1: from the start). */
  after: number;
  /** Aborts when the client goes away (`request.signal`). */
  signal?: AbortSignal;
  keepAliveMs?: number;
  /** Safety net: re-read this often even without a NOTIFY. */
  pollMs?: number;
  /** How long a run may be terminal in the database before its terminal status event is seen. */
  terminalGraceMs?: number;
  /** How long to wait for a missing seq before sending past it. */
  gapWaitMs?: number;
  batchSize?: number;
  /** A read unanswered this long (a connection that hung without a word) ends the stream: the page reconnects. */
  readTimeoutMs?: number;
  onError?: (error: unknown) => void;
};

/**
 * The live stream of one run as server-sent events:
 * - every RunEvent with seq > `after`, in seq order, as `id: <seq>` / `event: <type>` / `data: {seq, type, payload, createdAt}`;
 * - `event: run` (no id) with `{ status }` whenever the run's row changes status (queued → running,
 *   a queued run cancelled, a run resumed) — statuses that write no event;
 * - `: keep-alive` comments;
 * - `event: end` with `{ status }` once the run is terminal and its last events are sent; then it closes.
 *
 * Reads are driven by the hub's NOTIFYs and by a slow poll; each read is `seq > last sent`, one at a
 * time, so events are never duplicated or reordered. A missing seq (an earlier batch not yet visible)
 * is waited for briefly rather than skipped. A read that fails (the database restarting) is tried
 * again on the next NOTIFY or poll; one that never answers ends the stream without `end`, so the
 * browser reconnects.
 */
export function runEventStream(options: RunEventStreamOptions): ReadableStream<Uint8Array> {
  const { db, hub, runId, signal } = options;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const pollMs = options.pollMs ?? 2_000;
  const terminalGraceMs = options.terminalGraceMs ?? 3_000;
  const gapWaitMs = options.gapWaitMs ?? 2_000;
  const batchSize = options.batchSize ?? 500;
  const readTimeoutMs = options.readTimeoutMs ?? 30_000;
  const encoder = new TextEncoder();

  let lastSent = options.after;
  let lastEventStatus: string | null = null;
  let lastEventStatusRead = options.after < 0;
  let rowStatus: string | null = null;
  let gapSince: number | null = null;
  let closed = false;
  let pumping = false;
  let again = false;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let keepAlive: ReturnType<typeof setInterval> | null = null;
  let unsubscribe: (() => void) | null = null;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const send = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };

  function close() {
    if (closed) return;
    closed = true;
    if (pollTimer) clearTimeout(pollTimer);
    if (keepAlive) clearInterval(keepAlive);
    pollTimer = keepAlive = null;
    unsubscribe?.();
    unsubscribe = null;
    signal?.removeEventListener('abort', close);
    try {
      controller.close();
    } catch {
      // already closed or cancelled by the client
    }
  }

  const schedule = (delayMs: number) => {
    if (closed) return;
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = setTimeout(() => void pump(), delayMs);
  };

  /** Sends what is committed after lastSent; false when it stopped at a gap it is still waiting on. */
  async function drain(): Promise<boolean> {
    for (;;) {
      const rows = await db.runEvent.findMany({
        where: { runId, seq: { gt: lastSent } },
        orderBy: { seq: 'asc' },
        take: batchSize,
        select: { seq: true, type: true, payload: true, createdAt: true },
      });
      for (const row of rows) {
        if (closed) return true;
        if (row.seq !== lastSent + 1) {
          const now = Date.now();
          gapSince ??= now;
          if (now - gapSince < gapWaitMs) return false;
        }
        gapSince = null;
        send(sseMessage({ id: row.seq, event: row.type, data: { seq: row.seq, type: row.type, payload: row.payload, createdAt: row.createdAt.toISOString() } }));
        lastSent = row.seq;
        if (row.type === 'status') {
          const status = (row.payload as { status?: unknown } | null)?.status;
          lastEventStatus = typeof status === 'string' ? status : lastEventStatus;
        }
      }
      if (rows.length < batchSize) return true;
    }
  }

  /** The status of the last status event already sent (resuming after a terminal one). */
  async function readLastEventStatus(): Promise<string | null> {
    const previous = await db.runEvent.findFirst({ where: { runId, type: 'status', seq: { lte: lastSent } }, orderBy: { seq: 'desc' }, select: { payload: true } });
    const status = (previous?.payload as { status?: unknown } | null)?.status;
    return typeof status === 'string' ? status : null;
  }

  /** Reports status changes of the row; ends the stream once the run is over and fully sent. */
  async function checkRun(): Promise<number> {
    const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, finishedAt: true } });
    if (!run) {
      send(sseMessage({ event: 'end', data: { status: null, reason: 'the run no longer exists' } }));
      close();
      return pollMs;
    }
    if (run.status !== rowStatus) {
      rowStatus = run.status;
      send(sseMessage({ event: 'run', data: { status: run.status } }));
    }
    if (!isTerminalStatus(run.status)) {
      // The worker writes the terminal status event just before the row: look again soon.
      return isTerminalStatus(lastEventStatus) ? 200 : pollMs;
    }
    // Terminal rows are written after their events (conductor), so one more read completes the log.
    if (!(await drain())) return 100;
    const settled = isTerminalStatus(lastEventStatus) || !run.finishedAt || Date.now() - run.finishedAt.getTime() > terminalGraceMs;
    if (!settled) return 250;
    send(sseMessage({ event: 'end', data: { status: run.status } }));
    close();
    return pollMs;
  }

  async function pump(): Promise<void> {
    if (closed) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    let next = pollMs;
    const unanswered = setTimeout(() => {
      options.onError?.(new Error(`the database did not answer within ${readTimeoutMs} ms; ending the stream (the client reconnects)`));
      close();
    }, readTimeoutMs);
    try {
      if (!lastEventStatusRead) {
        lastEventStatus = await readLastEventStatus();
        lastEventStatusRead = true;
      }
      do {
        again = false;
        next = (await drain()) ? await checkRun() : 100;
      } while (again && !closed);
    } catch (error) {
      options.onError?.(error);
      next = pollMs;
    } finally {
      clearTimeout(unanswered);
      pumping = false;
    }
    schedule(next);
  }

  return new ReadableStream<Uint8Array>({
    async start(streamController) {
      controller = streamController;
      if (signal?.aborted) return close();
      signal?.addEventListener('abort', close, { once: true });
      send('retry: 2000\n\n');
      keepAlive = setInterval(() => send(sseComment('keep-alive')), keepAliveMs);
      try {
        // Listen first, then read: a NOTIFY between the two only causes one more (empty) read. With
        // the database down the hub listens again once it is back, and wakes this stream.
        const release = await hub.subscribe(runId, () => void pump());
        if (closed) release();
        else unsubscribe = release;
      } catch (error) {
        options.onError?.(error);
      }
      void pump();
    },
    cancel() {
      close();
    },
  });
}
