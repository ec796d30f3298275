import { redact } from '@/lib/redaction/redact';
import type { PayloadInput, RunEventInput, RunEventType } from '@/lib/run-events/schema';
import type { Prisma } from './generated/prisma/client';
import type pg from 'pg';
import { sqlPool, WRITE_TRANSACTION_OPTIONS, type Database } from './database';

export const RUN_EVENTS_CHANNEL = 'switchboard_run_events';

export type { RunEventInput };

export type WriterOptions = {
  /** Flush at most this long after the first buffered event. */
  maxDelayMs?: number;
  /** Flush as soon as this many events are buffered. */
  maxBatch?: number;
};

/** Deltas whose adjacent events merge into one row. */
const COALESCED: ReadonlySet<RunEventType> = new Set(['text-delta', 'reasoning-delta']);

/** Where a `commitWith` was called, in a writer's buffer. */
const BARRIER = Symbol('commitWith');

/** An event with the moment it happened (its first delta, for merged deltas). */
export type TimedEvent = RunEventInput & { at: Date };

/** Events of one run to insert with seqs first, first + 1, … */
export type RunBatch = { runId: string; first: number; events: TimedEvent[] };

/**
 * Batches as the columns of one insert — payloads redacted on the way in, `createdAt` when each
 * event happened, not when its batch was written — and each run's NOTIFY payload,
 * `{"runId": "…", "lastSeq": N}`. The group insert and the fenced writes (fenced-statements.ts) both
 * write events through it.
 */
export function encodeRunEvents(batches: RunBatch[]) {
  const runIds: string[] = [];
  const seqs: number[] = [];
  const types: string[] = [];
  const payloads: string[] = [];
  const times: string[] = [];
  const notices: string[] = [];
  for (const { runId, first, events } of batches) {
    if (!events.length) continue;
    events.forEach((event, index) => {
      runIds.push(runId);
      seqs.push(first + index);
      types.push(event.type);
      payloads.push(JSON.stringify(redact(event.payload)));
      times.push(event.at.toISOString());
    });
    notices.push(JSON.stringify({ runId, lastSeq: first + events.length - 1 }));
  }
  return { runIds, seqs, types, payloads, times, notices };
}

/**
 * Inserts the batches of any number of runs and notifies each run's listeners, in one statement
 * (one round trip; the rows and the NOTIFYs commit together). Parameters: `encodeRunEvents`' arrays.
 */
const INSERT_RUN_EVENTS = `
  WITH inserted AS (
    INSERT INTO "RunEvent" ("runId", "seq", "type", "payload", "createdAt")
    SELECT x.run_id::uuid, x.seq, x.type, x.payload::jsonb, x.at
    FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::timestamptz[]) AS x(run_id, seq, type, payload, at)
    RETURNING 1
  )
  SELECT pg_notify('${RUN_EVENTS_CHANNEL}', notice) FROM unnest($6::text[]) AS notice, (SELECT count(*) FROM inserted) AS done`;

function insertRunEventsValues(batches: RunBatch[]): unknown[] {
  const { runIds, seqs, types, payloads, times, notices } = encodeRunEvents(batches);
  return [runIds, seqs, types, payloads, times, notices];
}

/** The insert inside a transaction the caller holds. */
async function insertRunEvents(tx: Prisma.TransactionClient, batches: RunBatch[]): Promise<void> {
  await tx.$executeRawUnsafe(INSERT_RUN_EVENTS, ...insertRunEventsValues(batches));
}

/** The insert on its own (it commits with its statement), on the pool directly as a prepared statement. */
async function insertRunEventsOnPool(pool: pg.Pool, batches: RunBatch[]): Promise<void> {
  await pool.query({ name: 'switchboard_insert_run_events', text: INSERT_RUN_EVENTS, values: insertRunEventsValues(batches) });
}

type Pending = RunBatch & { resolve: () => void; reject: (error: unknown) => void };

/**
 * Group commit for every run a process writes: while one INSERT is in flight, the batches that
 * arrive wait and go together in the next one. A hundred streaming runs then cost a few statements
 * per tick instead of a hundred (the worker's CPU, not Postgres, was the limit; two inserts in flight
 * measured the same at 100 runs, with 40 % more statements). When a combined statement fails, each
 * run's batch is tried alone, so one run's bad batch fails only that run.
 */
class RunEventBatcher {
  private queue: Pending[] = [];
  private inFlight = false;

  constructor(private readonly pool: pg.Pool) {}

  submit(batch: RunBatch): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...batch, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.inFlight || !this.queue.length) return;
    this.inFlight = true;
    const pending = this.queue;
    this.queue = [];
    void this.write(pending).finally(() => {
      this.inFlight = false;
      this.next();
    });
  }

  private async write(pending: Pending[]): Promise<void> {
    try {
      await insertRunEventsOnPool(this.pool, pending);
      for (const item of pending) item.resolve();
    } catch (error) {
      if (pending.length === 1) return pending[0]!.reject(error);
      await Promise.all(pending.map((item) => insertRunEventsOnPool(this.pool, [item]).then(item.resolve, item.reject)));
    }
  }
}

const batchers = new WeakMap<pg.Pool, RunEventBatcher>();

function batcherFor(db: Database): RunEventBatcher {
  const pool = sqlPool(db);
  let batcher = batchers.get(pool);
  if (!batcher) batchers.set(pool, (batcher = new RunEventBatcher(pool)));
  return batcher;
}

/**
 * Appends events after the run's last one inside a transaction the caller holds, so that they
 * commit (or not) together with the caller's other writes — e.g. the sweeper's `interrupted`.
 * Only for a run no worker writes to (queued, ended, or being claimed): a worker's `RunEventWriter`
 * numbers its events itself. Returns the seq of the last event written.
 */
export async function appendRunEventsInTransaction(tx: Prisma.TransactionClient, runId: string, events: RunEventInput[]): Promise<number> {
  const last = await tx.runEvent.aggregate({ where: { runId }, _max: { seq: true } });
  const at = new Date();
  const first = (last._max.seq ?? -1) + 1;
  await insertRunEvents(tx, [{ runId, first, events: events.map((event) => ({ ...event, at })) }]);
  return first + events.length - 1;
}

/**
 * Appends a run's events with consecutive sequence numbers, in batches: adjacent text and
 * reasoning deltas merge into one event, and each flush goes into the process's next group
 * INSERT + NOTIFY (RunEventBatcher) — never one INSERT per token. Payloads are redacted on the way in.
 */
export class RunEventWriter {
  /**
   * Events not yet written, in order. A `commitWith` leaves a barrier where it was called: a flush
   * takes the events up to the first barrier only, so a transaction's events come after every event
   * appended before it was called and before every event appended after.
   */
  private buffer: (TimedEvent | typeof BARRIER)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly db: Database,
    readonly runId: string,
    private nextSeq: number,
    options: WriterOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 15;
    this.maxBatch = options.maxBatch ?? 200;
  }

  /** Starts after the last event the run already has (a resumed run continues its sequence). */
  static async open(db: Database, runId: string, options?: WriterOptions): Promise<RunEventWriter> {
    const last = await db.runEvent.aggregate({ where: { runId }, _max: { seq: true } });
    return new RunEventWriter(db, runId, (last._max.seq ?? -1) + 1, options);
  }

  append<T extends RunEventType>(type: T, payload: PayloadInput<T>): void {
    if (this.failure) throw this.failure;
    const event = { type, payload } as RunEventInput;
    const last = this.buffer.at(-1);
    if (
      last &&
      last !== BARRIER &&
      last.type === event.type &&
      COALESCED.has(event.type) &&
      'text' in last.payload &&
      'text' in event.payload
    ) {
      last.payload = { text: `${last.payload.text ?? ''}${event.payload.text ?? ''}` };
    } else {
      this.buffer.push({ ...event, at: new Date() });
    }
    if (this.buffer.length >= this.maxBatch) this.scheduleFlush(0);
    else this.scheduleFlush(this.maxDelayMs);
  }

  private scheduleFlush(delay: number): void {
    if (delay === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      void this.flush().catch(() => undefined);
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush().catch(() => undefined);
    }, delay);
  }

  /** Writes what is buffered; resolves once it is committed. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** The events up to the first barrier. */
  private take(): TimedEvent[] {
    const end = this.buffer.indexOf(BARRIER);
    return this.buffer.splice(0, end < 0 ? this.buffer.length : end) as TimedEvent[];
  }

  private async write(): Promise<void> {
    if (this.failure) throw this.failure;
    const batch = this.take();
    if (!batch.length) return;
    const first = this.nextSeq;
    this.nextSeq += batch.length;
    try {
      await batcherFor(this.db).submit({ runId: this.runId, first, events: batch });
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  /**
   * Runs `work` in one transaction with the events it returns, appended after every event appended
   * before it: a row change and the events that describe it commit together, or neither does (`work`
   * may throw). The events appended before it and not written yet go in the same insert; flushes
   * come after it, so seqs stay in order. A failed transaction writes nothing and leaves the log as
   * it was (the events appended before it go with the next flush).
   */
  commitWith<T>(work: (tx: Prisma.TransactionClient) => Promise<{ result: T; events: RunEventInput[] }>): Promise<T> {
    return this.commitUnit((first, before) =>
      this.db.$transaction(async (tx) => {
        const { result, events } = await work(tx);
        const all = [...before, ...events.map((event) => ({ ...event, at: new Date() }))];
        if (all.length) await insertRunEvents(tx, [{ runId: this.runId, first, events: all }]);
        return { result, written: all.length };
      }, WRITE_TRANSACTION_OPTIONS),
    );
  }

  /**
   * Runs a unit that writes events itself, in the same statement or transaction as its rows (a
   * fenced write: fenced-statements.ts), in the log's order: `unit` is given the events appended
   * before it and not written yet (`before`), to write first, and the seq they start at; its own come
   * after them. It answers how many it wrote in all. Events appended while it runs come after it. A
   * unit that fails has written nothing and leaves the log as it was: `before` goes with the next flush.
   */
  commitUnit<T>(unit: (first: number, before: TimedEvent[]) => Promise<{ result: T; written: number }>): Promise<T> {
    this.buffer.push(BARRIER);
    const committed = this.flushing.then(async () => {
      if (this.failure) {
        this.buffer.splice(this.buffer.indexOf(BARRIER), 1);
        throw this.failure;
      }
      const before = this.take();
      this.buffer.splice(this.buffer.indexOf(BARRIER), 1);
      const first = this.nextSeq;
      try {
        const { result, written } = await unit(first, before);
        this.nextSeq = first + written;
        return result;
      } catch (error) {
        this.buffer.unshift(...before);
        throw error;
      }
    });
    // The next flush waits for this one; its failure is the caller's (unless the buffer's write failed: `failure`).
    this.flushing = committed.then(
      () => undefined,
      () => undefined,
    );
    return committed;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
    if (this.failure) throw this.failure;
  }
}
