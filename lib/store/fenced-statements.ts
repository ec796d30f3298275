import type pg from 'pg';
import { Prisma, type Run } from './generated/prisma/client';
import { COLUMNS, storedJson, type FencedRows, type RunChange, type Table } from './fenced-rows';
import { encodeRunEvents, RUN_EVENTS_CHANNEL, type TimedEvent } from './run-event-writer';
import { fencedSlots } from './statement-slots';

/**
 * The statements of a run a worker holds (fenced-run.ts), each one round trip: the claim, and the
 * fenced write — the ownership check, the heartbeat, the rows and the events that describe them in
 * ONE statement. They go to the client's pool directly, as named (prepared) statements: the worker
 * of a hundred live runs spends its CPU on the runs, not on building queries.
 */

/** The run's row after a change, as the statement makes it (kept beside the SQL that does the same). */
export function runAfter(run: Run, { add = {}, set = {} }: RunChange): Run {
  const plus = (value: Prisma.Decimal | null, amount: Prisma.Decimal | undefined) =>
    amount === undefined ? value : (value ?? new Prisma.Decimal(0)).plus(amount);
  return {
    ...run,
    turnCount: run.turnCount + (add.turnCount ?? 0),
    inputTokens: run.inputTokens + (add.inputTokens ?? 0),
    outputTokens: run.outputTokens + (add.outputTokens ?? 0),
    errorCount: run.errorCount + (add.errorCount ?? 0),
    costUsd: plus(run.costUsd, add.costUsd),
    providerCostUsd: plus(run.providerCostUsd, add.providerCostUsd),
    providerState: set.providerState ? storedJson(set.providerState) : run.providerState,
    replayDivergence: set.replayDivergence ? storedJson(set.replayDivergence) : run.replayDivergence,
    status: set.status ?? run.status,
    finishedAt: set.finishedAt ?? run.finishedAt,
    errorKind: set.errorKind ?? run.errorKind,
    errorMessage: set.errorMessage ?? run.errorMessage,
  };
}

const quote = (name: string) => `"${name}"`;

/** Inserts a table's rows from the JSON array in parameter `$n`, for the run `owned` holds (none when it holds none). */
function insertRows(table: Table, n: number, expressions: Record<string, string> = {}): string {
  const columns: readonly string[] = COLUMNS[table];
  return `INSERT INTO "${table}" ("runId", ${columns.map(quote).join(', ')})
    SELECT owned."id", ${columns.map((column) => expressions[column] ?? `r.${quote(column)}`).join(', ')}
    FROM owned, jsonb_populate_recordset(NULL::"${table}", $${n}::jsonb) AS r`;
}

const ISO_8601 = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The fenced write. `owned` refreshes the heartbeat of the run and applies its change only if the
 * run is still `running` with this worker's id — row-locking it until the commit, so the sweeper
 * cannot interleave — and every other part writes its rows for the run `owned` returned: none when
 * it returned none. The statement commits whole or not at all, and returns no row when the run was
 * not ours. The events come after the run's last (the writer numbers them) and are NOTIFYed on commit.
 *
 * A `run-updated` event's payload is the worker's view of the row (held-run-rows.ts) but for
 * `cancelRequestedAt`, the one field another process changes while a worker holds the run: that one
 * is taken from the row.
 */
const FENCED_WRITE = `
  WITH owned AS (
    UPDATE "Run" SET
      "heartbeatAt" = now(),
      "updatedAt" = now(),
      "turnCount" = "turnCount" + coalesce(($3::jsonb #>> '{add,turnCount}')::int, 0),
      "inputTokens" = "inputTokens" + coalesce(($3::jsonb #>> '{add,inputTokens}')::int, 0),
      "outputTokens" = "outputTokens" + coalesce(($3::jsonb #>> '{add,outputTokens}')::int, 0),
      "errorCount" = "errorCount" + coalesce(($3::jsonb #>> '{add,errorCount}')::int, 0),
      "costUsd" = CASE WHEN $3::jsonb #> '{add,costUsd}' IS NULL THEN "costUsd"
        ELSE coalesce("costUsd", 0) + ($3::jsonb #>> '{add,costUsd}')::numeric END,
      "providerCostUsd" = CASE WHEN $3::jsonb #> '{add,providerCostUsd}' IS NULL THEN "providerCostUsd"
        ELSE coalesce("providerCostUsd", 0) + ($3::jsonb #>> '{add,providerCostUsd}')::numeric END,
      "providerState" = coalesce($3::jsonb #> '{set,providerState}', "providerState"),
      "replayDivergence" = coalesce($3::jsonb #> '{set,replayDivergence}', "replayDivergence"),
      "status" = coalesce(($3::jsonb #>> '{set,status}')::"RunStatus", "status"),
      "finishedAt" = coalesce(($3::jsonb #>> '{set,finishedAt}')::timestamptz, "finishedAt"),
      "errorKind" = coalesce($3::jsonb #>> '{set,errorKind}', "errorKind"),
      "errorMessage" = coalesce($3::jsonb #>> '{set,errorMessage}', "errorMessage")
    WHERE "id" = $1::uuid AND "status" = 'running' AND "workerId" = $2
    RETURNING "id", "cancelRequestedAt", "heartbeatAt", "updatedAt"
  ), new_turns AS (
    ${insertRows('Turn', 4)}
  ), ended_turns AS (
    UPDATE "Turn" AS t SET "status" = e."status", "finishReason" = e."finishReason", "finishedAt" = e."finishedAt"
    FROM owned, jsonb_to_recordset($5::jsonb) AS e("id" uuid, "status" "TurnStatus", "finishReason" text, "finishedAt" timestamptz, "onlyIfRunning" boolean)
    WHERE t."id" = e."id" AND t."runId" = $1::uuid AND t."runId" = owned."id" AND (NOT e."onlyIfRunning" OR t."status" = 'running')
  ), messages AS (
    ${insertRows('Message', 6, {
      position: `(SELECT coalesce(max(m."position"), -1) + 1 FROM "Message" AS m WHERE m."runId" = $1::uuid) + r."position"`,
    })}
  ), provider_calls AS (
    ${insertRows('ProviderCall', 7)}
  ), rate_limit_samples AS (
    ${insertRows('RateLimitSample', 8)}
  ), reasoning_traces AS (
    ${insertRows('ReasoningTrace', 9)}
  ), tool_calls AS (
    ${insertRows('ToolCall', 10)}
  ), error_artifacts AS (
    ${insertRows('ErrorArtifact', 11)}
  ), events AS (
    INSERT INTO "RunEvent" ("runId", "seq", "type", "payload", "createdAt")
    SELECT owned."id", e.seq, e.type,
      CASE WHEN e.type = 'run-updated'
        THEN e.payload::jsonb || jsonb_build_object('cancelRequestedAt', to_char(owned."cancelRequestedAt" AT TIME ZONE 'UTC', ${ISO_8601}))
        ELSE e.payload::jsonb END,
      e.at
    FROM owned, unnest($12::int[], $13::text[], $14::text[], $15::timestamptz[]) AS e(seq, type, payload, at)
    RETURNING 1
  ), notified AS (
    SELECT pg_notify('${RUN_EVENTS_CHANNEL}', $16::text) FROM owned WHERE $16::text IS NOT NULL AND (SELECT count(*) FROM events) > 0
  )
  SELECT owned."cancelRequestedAt", owned."heartbeatAt", owned."updatedAt", (SELECT count(*) FROM notified) AS notified FROM owned`;

/** The run's row as a fenced write left it: the fields the write did not set itself. */
export type OwnedRow = Pick<Run, 'cancelRequestedAt' | 'heartbeatAt' | 'updatedAt'>;

/** JSON for the statement's parameters. */
const json = (value: unknown) => JSON.stringify(value ?? []);

/** RateLimitSample limits are BigInt, which JSON does not hold: as text, which Postgres reads back exactly. */
const samplesJson = (samples: FencedRows['rateLimitSamples']) =>
  JSON.stringify(samples ?? [], (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));

/**
 * One fenced write of the run `runId` for `workerId`: its rows and its events (seqs from `first`),
 * in one statement. Null when the run is not this worker's any more: nothing was written.
 */
export async function writeFenced(
  pool: pg.Pool,
  {
    runId,
    workerId,
    rows,
    first,
    events,
    confirmed = false,
  }: {
    runId: string;
    workerId: string;
    rows: FencedRows;
    first: number;
    events: TimedEvent[];
    /**
     * The statement commits only once its result is back (BEGIN, the statement, COMMIT: three round
     * trips): a worker killed while it runs leaves nothing of it. The run's end is written so — a
     * worker killed inside it leaves its run to the sweeper (interrupted, resumable), like one killed
     * just before it, never a run ended behind a dead worker. Every other write commits with its
     * statement, whatever becomes of the worker once the server has it.
     */
    confirmed?: boolean;
  },
): Promise<OwnedRow | null> {
  const { seqs, types, payloads, times, notices } = encodeRunEvents([{ runId, first, events }]);
  const statement: pg.QueryConfig = {
    name: 'switchboard_fenced_write',
    text: FENCED_WRITE,
    values: [
      runId,
      workerId,
      json(rows.run ?? {}),
      json(rows.newTurn ? [rows.newTurn] : []),
      json(rows.turnEnd ? [rows.turnEnd] : []),
      json(rows.messages),
      json(rows.providerCalls),
      samplesJson(rows.rateLimitSamples),
      json(rows.reasoningTraces),
      json(rows.toolCalls),
      json(rows.errorArtifacts),
      seqs,
      types,
      payloads,
      times,
      notices[0] ?? null,
    ],
  };
  const { rows: owned } = await fencedSlots(pool).run(() => (confirmed ? inTransaction(pool, statement) : pool.query<OwnedRow>(statement)));
  return owned[0] ?? null;
}

/** The statement in a transaction of its own, committed once its result is back. */
async function inTransaction(pool: pg.Pool, statement: pg.QueryConfig): Promise<pg.QueryResult<OwnedRow>> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const owned = await client.query<OwnedRow>(statement);
    await client.query('COMMIT');
    return owned;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    // A connection that could not even roll back is not given to the next write.
    client.release(broken);
  }
}

/**
 * The claim: a queued run becomes this worker's (`startedAt` set by the first claim only) with its
 * `run-updated` event, in one statement — if the row is still the version `version` (its `xmin`)
 * the worker read it at: the event was made from that version. Null when it is not (taken, cancelled
 * or changed since).
 */
const CLAIM = `
  WITH claimed AS (
    UPDATE "Run" SET "status" = 'running', "workerId" = $2, "heartbeatAt" = now(), "updatedAt" = now(),
      "startedAt" = coalesce("startedAt", $3::timestamptz)
    WHERE "id" = $1::uuid AND "status" = 'queued' AND xmin::text = $4
    RETURNING "id", "heartbeatAt", "updatedAt"
  ), events AS (
    INSERT INTO "RunEvent" ("runId", "seq", "type", "payload", "createdAt")
    SELECT claimed."id", e.seq, e.type, e.payload::jsonb, e.at
    FROM claimed, unnest($5::int[], $6::text[], $7::text[], $8::timestamptz[]) AS e(seq, type, payload, at)
    RETURNING 1
  ), notified AS (
    SELECT pg_notify('${RUN_EVENTS_CHANNEL}', $9::text) FROM claimed WHERE (SELECT count(*) FROM events) > 0
  )
  SELECT claimed."heartbeatAt", claimed."updatedAt", (SELECT count(*) FROM notified) AS notified FROM claimed`;

export async function claimRun(
  pool: pg.Pool,
  {
    runId,
    workerId,
    version,
    startedAt,
    first,
    events,
  }: { runId: string; workerId: string; version: string; startedAt: Date; first: number; events: TimedEvent[] },
): Promise<Pick<Run, 'heartbeatAt' | 'updatedAt'> | null> {
  const { seqs, types, payloads, times, notices } = encodeRunEvents([{ runId, first, events }]);
  const { rows } = await fencedSlots(pool).run(() =>
    pool.query<Pick<Run, 'heartbeatAt' | 'updatedAt'>>({
      name: 'switchboard_claim_run',
      text: CLAIM,
      values: [runId, workerId, startedAt.toISOString(), version, seqs, types, payloads, times, notices[0] ?? null],
    }),
  );
  return rows[0] ?? null;
}
