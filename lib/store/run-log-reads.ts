import type pg from 'pg';
import type { RunEventRecord, RunStatus } from '@/lib/run-events/schema';
import { BatchedReads } from './batched-reads';
import { sqlPool, type Database } from './database';

/** What a follower of run logs (the live streams of a console, `runs tail`) reads. */
export type RunLogReads = {
  /** The run's events with seq > `after`, in seq order, at most `limit`. */
  eventsAfter(runId: string, after: number, limit: number): Promise<RunEventRecord[]>;
  /** The run's status and end; null when there is no such run. */
  runState(runId: string): Promise<{ status: RunStatus; finishedAt: Date | null } | null>;
  /** The run's last `status` or `run-updated` event with seq ≤ `seq` (where a reconnect continues). */
  lastStatusEventUpTo(runId: string, seq: number): Promise<RunEventRecord | null>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Each run's next events after its own cursor, for many runs in one statement: a NOTIFY for a group
 * insert wakes the streams of every run in it at once, and they read together.
 */
const EVENTS_AFTER = `
  SELECT c.i, e."seq", e."type", e."payload", e."createdAt"
  FROM unnest($1::uuid[], $2::int[], $3::int[]) WITH ORDINALITY AS c(run_id, after, lim, i)
  CROSS JOIN LATERAL (
    SELECT "seq", "type", "payload", "createdAt" FROM "RunEvent"
    WHERE "runId" = c.run_id AND "seq" > c.after ORDER BY "seq" LIMIT c.lim
  ) AS e
  ORDER BY c.i, e."seq"`;

const LAST_STATUS_EVENT = `
  SELECT "seq", "type", "payload", "createdAt" FROM "RunEvent"
  WHERE "runId" = $1::uuid AND "type" IN ('status', 'run-updated') AND "seq" <= $2
  ORDER BY "seq" DESC LIMIT 1`;

const RUN_STATES = `SELECT "id"::text AS id, "status", "finishedAt" FROM "Run" WHERE "id" = ANY($1::uuid[])`;

type EventsRequest = { runId: string; after: number; limit: number };
type EventRow = { seq: number; type: string; payload: unknown; createdAt: Date };
type RunStateRow = { id: string; status: RunStatus; finishedAt: Date | null };

const eventRecord = (row: EventRow): RunEventRecord => ({
  seq: row.seq,
  type: row.type,
  payload: row.payload,
  createdAt: row.createdAt.toISOString(),
});

function batchedReads(pool: pg.Pool): RunLogReads {
  const events = new BatchedReads<EventsRequest, RunEventRecord[]>(async (requests) => {
    const { rows } = await pool.query<EventRow & { i: string }>({
      name: 'switchboard_run_log_events_after',
      text: EVENTS_AFTER,
      values: [
        requests.map((request) => request.runId),
        requests.map((request) => request.after),
        requests.map((request) => request.limit),
      ],
    });
    const answers: RunEventRecord[][] = requests.map(() => []);
    for (const row of rows) answers[Number(row.i) - 1]!.push(eventRecord(row));
    return answers;
  });
  const states = new BatchedReads<string, RunStateRow | null>(async (runIds) => {
    const { rows } = await pool.query<RunStateRow>({
      name: 'switchboard_run_log_run_states',
      text: RUN_STATES,
      values: [[...new Set(runIds)]],
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return runIds.map((runId) => byId.get(runId.toLowerCase()) ?? null);
  });
  return {
    eventsAfter: (runId, after, limit) => (UUID.test(runId) ? events.read({ runId, after, limit }) : Promise.resolve([])),
    runState: async (runId) => {
      const row = UUID.test(runId) ? await states.read(runId) : null;
      return row && { status: row.status, finishedAt: row.finishedAt };
    },
    lastStatusEventUpTo: async (runId, seq) => {
      if (!UUID.test(runId)) return null;
      const { rows } = await pool.query<EventRow>({
        name: 'switchboard_run_log_last_status_event',
        text: LAST_STATUS_EVENT,
        values: [runId, seq],
      });
      return rows[0] ? eventRecord(rows[0]) : null;
    },
  };
}

const readsOfPools = new WeakMap<pg.Pool, RunLogReads>();

/** The process's run-log reads on the client's pool: every follower of one pool reads through the same batches. */
export function runLogReads(db: Database): RunLogReads {
  const pool = sqlPool(db);
  let reads = readsOfPools.get(pool);
  if (!reads) readsOfPools.set(pool, (reads = batchedReads(pool)));
  return reads;
}
