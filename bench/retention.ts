// Retention at scale: months of runs with everything of theirs (turns, messages, tool calls,
// reasoning traces, error artifacts, rate-limit samples, provider calls, run events); each pass,
// SWITCHBOARD_RETENTION_DAYS removes the oldest month: the time to drop its partitions, the time to
// delete its runs, whether every run of it is gone and the next month whole, and whether the charts
// over the dropped month still read the same (from the rollups). Pass k lives k − 1 months after
// pass 1 (its `removedBefore` a month later), so each pass drops a month no pass dropped before:
// a month older than a drop never gets rollups again (lib/telemetry/retention-horizon.ts).
import pg from 'pg';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { addMonths, ensureRunPartitions, PARTITIONED_TABLES, uuid7Floor } from '@/lib/store/run-partitions';
import { deleteRemovedRuns, dropExpiredPartitions, removedBeforeFor } from '@/lib/store/run-retention';
import { chooseBucketSeconds } from '@/lib/telemetry/buckets';
import { rollupsHoldCalls } from '@/lib/telemetry/retention-guard';
import { refreshTelemetryRollups } from '@/lib/telemetry/rollups';
import { chartSources } from '@/lib/telemetry/sources';
import { everyChart } from '@/lib/telemetry/test-helpers';
import type { TelemetryQuery } from '@/lib/telemetry/window';
import { below, exactly, REPORT, type BenchFigure, type PreparedBench } from './figure';

const RUNS_PER_MONTH = Number(process.env.SWITCHBOARD_BENCH_RETENTION_RUNS ?? 20_000);
const EVENTS_PER_RUN = 60;
const RETENTION_DAYS = 60;

/**
 * The runs of one month and their rows, generated inside Postgres: `runs` runs spread over the
 * month (UUIDv7 ids of their creation time), two turns each, per turn two messages, a tool call,
 * a reasoning trace and three provider calls (1 in 4 a 429), an error artifact on 1 turn in 20,
 * two rate-limit samples and EVENTS_PER_RUN events per run.
 */
function seedStatements(month: Date, runs: number): Array<[string, unknown[]]> {
  const lo = uuid7Floor(month);
  const hi = uuid7Floor(addMonths(month, 1));
  const span = addMonths(month, 1).getTime() - month.getTime();
  const ofMonth = `r."id" >= '${lo}' AND r."id" < '${hi}'`;
  return [
    [
      `INSERT INTO "Run" ("id", "status", "task", "profileName", "provider", "runtime", "model", "profile", "turnCount", "createdAt", "startedAt", "finishedAt", "updatedAt")
       SELECT (lpad(to_hex(ms), 12, '0') || '7' || lpad(to_hex(i % 4096), 3, '0') || '8' || lpad(to_hex(i), 15, '0'))::uuid, 'succeeded', '[bench] retention', 'bench',
         'retention', 'openai-chat', 'gpt-4.1', '{}', 2, to_timestamp(ms / 1000.0), to_timestamp(ms / 1000.0), to_timestamp(ms / 1000.0 + 60), to_timestamp(ms / 1000.0 + 60)
       FROM (SELECT i, $1::bigint + i::bigint * $2::bigint / $3::bigint AS ms FROM generate_series(0, $3::int - 1) AS i) AS s`,
      [month.getTime(), span, runs],
    ],
    [
      `INSERT INTO "Turn" ("id", "runId", "index", "status", "startedAt", "finishedAt")
       SELECT gen_random_uuid(), r."id", k, 'succeeded', r."createdAt" + k * interval '20 seconds', r."createdAt" + (k + 1) * interval '20 seconds'
       FROM "Run" AS r CROSS JOIN generate_series(0, 1) AS k WHERE ${ofMonth}`,
      [],
    ],
    [
      `INSERT INTO "Message" ("id", "runId", "turnId", "position", "role", "content")
       SELECT gen_random_uuid(), t."runId", t."id", t."index" * 2 + j, CASE j WHEN 0 THEN 'user' ELSE 'assistant' END,
         '[{"type":"text","text":"A message of a few words, as a run writes them."}]'::jsonb
       FROM "Turn" AS t JOIN "Run" AS r ON r."id" = t."runId" CROSS JOIN generate_series(0, 1) AS j WHERE ${ofMonth}`,
      [],
    ],
    [
      `INSERT INTO "ToolCall" ("id", "runId", "turnId", "providerCallId", "name", "rawArguments", "arguments", "result", "durationMs")
       SELECT gen_random_uuid(), t."runId", t."id", 'call_' || t."index", 'write_file', '{"path":"notes.txt"}', '{"path":"notes.txt"}', '{"ok":true}', 12
       FROM "Turn" AS t JOIN "Run" AS r ON r."id" = t."runId" WHERE ${ofMonth}`,
      [],
    ],
    [
      `INSERT INTO "ReasoningTrace" ("id", "runId", "turnId", "provider", "summary")
       SELECT gen_random_uuid(), t."runId", t."id", 'openai', 'Thinking about the file to write.'
       FROM "Turn" AS t JOIN "Run" AS r ON r."id" = t."runId" WHERE ${ofMonth}`,
      [],
    ],
    [
      `INSERT INTO "ErrorArtifact" ("id", "runId", "turnId", "turnIndex", "kind", "httpStatus", "payload")
       SELECT gen_random_uuid(), t."runId", t."id", t."index", 'rate_limit', 429, '{"kind":"rate_limit","status":429}'
       FROM "Turn" AS t JOIN "Run" AS r ON r."id" = t."runId" WHERE ${ofMonth} AND abs(hashtext(t."id"::text)) % 20 = 0`,
      [],
    ],
    [
      `INSERT INTO "RateLimitSample" ("id", "runId", "account", "runtime", "provider", "model", "dimension", "limit", "remaining", "observedAt")
       SELECT gen_random_uuid(), r."id", 'bench-account', 'openai-chat', 'retention', 'gpt-4.1', d, 10000, 9000, r."createdAt"
       FROM "Run" AS r CROSS JOIN unnest(ARRAY['requests', 'tokens']) AS d WHERE ${ofMonth}`,
      [],
    ],
    [
      `INSERT INTO "ProviderCall" ("id", "runId", "turnId", "attempt", "runtime", "provider", "profileName", "modelRequested", "streamRequested", "streamActual",
         "streamStarted", "status", "errorKind", "httpStatus", "startedAt", "endedAt", "latencyMs", "ttftMs", "inputTokens", "inputNoCacheTokens", "cacheReadTokens",
         "outputTokens", "costUsd")
       SELECT gen_random_uuid(), t."runId", t."id", a, 'openai-chat', 'retention', 'bench', 'gpt-4.1', true, true, NOT (a < 3 AND h % 4 = 0),
         CASE WHEN a < 3 AND h % 4 = 0 THEN 'error'::"CallStatus" ELSE 'ok'::"CallStatus" END,
         CASE WHEN a < 3 AND h % 4 = 0 THEN 'rate_limit' END, CASE WHEN a < 3 AND h % 4 = 0 THEN 429 ELSE 200 END,
         t."startedAt" + a * interval '5 seconds', t."startedAt" + a * interval '5 seconds' + interval '800 milliseconds', 800 + h % 400, 200 + h % 100,
         1000 + h % 500, 400, h % 300, 120 + h % 80, 0.002
       FROM "Turn" AS t JOIN "Run" AS r ON r."id" = t."runId" CROSS JOIN generate_series(1, 3) AS a
         CROSS JOIN LATERAL (SELECT abs(hashtext(t."id"::text || a)) AS h) AS hashed WHERE ${ofMonth}`,
      [],
    ],
    [
      `INSERT INTO "RunEvent" ("runId", "seq", "type", "payload", "createdAt")
       SELECT r."id", s, 'text-delta', '{"text":"a chunk of the answer as it streams in"}', r."createdAt" + s * interval '100 milliseconds'
       FROM "Run" AS r CROSS JOIN generate_series(0, ${EVENTS_PER_RUN - 1}) AS s WHERE ${ofMonth}`,
      [],
    ],
  ];
}

async function count(client: pg.Client, sql: string): Promise<number> {
  return Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
}

/** The rows of every transcript table whose run id is in [from, to). */
async function transcriptRows(client: pg.Client, from: string, to: string): Promise<number> {
  return count(
    client,
    `SELECT ${PARTITIONED_TABLES.map((table) => `(SELECT count(*) FROM "${table}" WHERE "runId" >= '${from}' AND "runId" < '${to}')`).join(' + ')} AS n`,
  );
}

/** How many passes fit before the passes' months reach the real limit (pass 1 starts this far back). */
const MAX_PASSES = 12;

async function seedMonth(admin: pg.Client, db: Database, month: Date): Promise<void> {
  await ensureRunPartitions(db, { now: month, monthsAhead: 0 });
  for (const [sql, params] of seedStatements(month, RUNS_PER_MONTH)) await admin.query(sql, params);
  await admin.query('ANALYZE');
}

/**
 * Seeds the first two months (once, timed); each pass then removes the older of the two it finds,
 * checks what is left, and seeds the month after the newer one for the next pass. On the bench's
 * database: its other benches' runs are recent, far from these months.
 */
export async function prepareRetention(databaseUrl: string): Promise<PreparedBench> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query('SET synchronous_commit = off');
  const db = createDatabase(databaseUrl);
  const first = addMonths(removedBeforeFor(new Date(), RETENTION_DAYS), -MAX_PASSES);
  const seedStarted = performance.now();
  await seedMonth(admin, db, first);
  await seedMonth(admin, db, addMonths(first, 1));
  const seedMs = performance.now() - seedStarted;
  let pass = 0;
  return {
    once: [
      {
        name: `retention: seeding two months of ${RUNS_PER_MONTH.toLocaleString('en')} runs each`,
        value: Math.round(seedMs / 100) / 10,
        unit: 's',
        target: REPORT,
      },
    ],
    pass: async () => {
      if (pass >= MAX_PASSES - 1) throw new Error(`the retention bench has months for ${MAX_PASSES - 1} passes`);
      const expiredMonth = addMonths(first, pass++);
      const figures = await removeMonth(admin, db, expiredMonth);
      await seedMonth(admin, db, addMonths(expiredMonth, 2));
      return figures;
    },
    async close() {
      await closeDatabase(db);
      await admin.end();
    },
  };
}

/** Removes `expiredMonth` as retention does (its `removedBefore` the month after) and checks what is left. */
async function removeMonth(admin: pg.Client, db: Database, expiredMonth: Date): Promise<BenchFigure[]> {
  const removedBefore = addMonths(expiredMonth, 1);
  const bound = uuid7Floor(removedBefore);
  const next = uuid7Floor(addMonths(removedBefore, 1));
  const monthRows = {
    events: await count(admin, `SELECT count(*) AS n FROM "RunEvent" WHERE "runId" < '${bound}'`),
    calls: await count(admin, `SELECT count(*) AS n FROM "ProviderCall" WHERE "runId" < '${bound}'`),
    other: await count(
      admin,
      `SELECT (SELECT count(*) FROM "Turn" WHERE "runId" < '${bound}') + (SELECT count(*) FROM "Message" WHERE "runId" < '${bound}')
         + (SELECT count(*) FROM "ToolCall" WHERE "runId" < '${bound}') + (SELECT count(*) FROM "ReasoningTrace" WHERE "runId" < '${bound}')
         + (SELECT count(*) FROM "ErrorArtifact" WHERE "runId" < '${bound}') + (SELECT count(*) FROM "RateLimitSample" WHERE "runId" < '${bound}') AS n`,
    ),
  };
  await refreshTelemetryRollups(db, { settleMs: 0 });
  const to = new Date(removedBefore.getTime() + 10 * 86_400_000);
  const window: TelemetryQuery = {
    from: expiredMonth,
    to,
    bucketSeconds: chooseBucketSeconds((to.getTime() - expiredMonth.getTime()) / 1000),
    provider: 'retention',
  };
  const chartsBefore = JSON.stringify(await everyChart(db, window, await chartSources(window, db)));
  const nextMonthRows = await transcriptRows(admin, bound, next);

  const dropStarted = performance.now();
  const pass = await dropExpiredPartitions(db, { removedBefore, retentionDays: RETENTION_DAYS, guard: rollupsHoldCalls });
  const dropMs = performance.now() - dropStarted;
  if (!pass.dropped) throw new Error(`retention did not drop ${expiredMonth.toISOString().slice(0, 7)}: ${pass.reason}`);
  const deleteStarted = performance.now();
  const deleted = await deleteRemovedRuns(db);
  const deleteMs = performance.now() - deleteStarted;

  const left = await count(admin, `SELECT count(*) AS n FROM "Run" WHERE "id" < '${bound}'`);
  const kept = await count(admin, `SELECT count(*) AS n FROM "Run" WHERE "id" >= '${bound}' AND "id" < '${next}'`);
  const leftRows = await transcriptRows(admin, uuid7Floor(new Date(0)), bound);
  const keptRows = await transcriptRows(admin, bound, next);
  const chartsAfter = JSON.stringify(await everyChart(db, window, await chartSources(window, db)));
  const whole = deleted === RUNS_PER_MONTH && left === 0 && leftRows === 0 && kept === RUNS_PER_MONTH && keptRows === nextMonthRows;
  return [
    {
      name: `retention: a month's transcript partitions dropped (${monthRows.events.toLocaleString('en')} events, ${monthRows.calls.toLocaleString('en')} calls, the rows below)`,
      value: Math.round(dropMs),
      unit: 'ms',
      target: below(1000),
    },
    {
      name: `retention: then its ${RUNS_PER_MONTH.toLocaleString('en')} Run rows deleted (in batches)`,
      value: Math.round(deleteMs),
      unit: 'ms',
      target: REPORT,
    },
    {
      name: 'retention: those other rows (turns, messages, tool calls, reasoning, error artifacts, rate-limit samples)',
      value: monthRows.other,
      unit: 'rows',
      target: REPORT,
    },
    { name: 'retention: runs deleted per second', value: Math.round(deleted / (deleteMs / 1000)), unit: 'runs/s', target: REPORT },
    { name: 'retention: the month removed, in all', value: Math.round(dropMs + deleteMs), unit: 'ms', target: below(1000) },
    { name: 'retention: every run of the month gone, the next month whole', value: whole ? 1 : 0, unit: 'yes', target: exactly(1) },
    {
      name: 'retention: charts over the dropped month unchanged',
      value: chartsAfter === chartsBefore ? 1 : 0,
      unit: 'yes',
      target: exactly(1),
    },
  ];
}
