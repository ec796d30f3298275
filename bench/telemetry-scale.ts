import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/lib/store/generated/prisma/client';
import { percentile } from '@/lib/store/provider-call-rows';
import { chooseBucketSeconds } from '@/lib/telemetry/buckets';
import {
  cacheSeries,
  errorsByKind,
  filterOptions,
  latencySeries,
  rateLimitSeries,
  streamingSeries,
  tokenCostSeries,
} from '@/lib/telemetry/queries';
import { refreshTelemetryRollups } from '@/lib/telemetry/rollups';
import { chartSources } from '@/lib/telemetry/sources';
import type { TelemetryQuery } from '@/lib/telemetry/window';
import type { BenchFigure } from './report';

const CALLS = Number(process.env.SWITCHBOARD_BENCH_CALLS ?? 1_000_000);
const SEED_CONNECTIONS = 2;

/**
 * Rows [first, last] of the synthetic history, generated inside Postgres: calls spread evenly over
 * 30 days (in time order, with time-ordered UUIDv7-style ids so every index is appended to),
 * four runtimes, six models, ~5% errors (rate limits, overloads, 5xx), ~6% retries, ~3% fallbacks.
 */
function seedStatement(first: number, last: number): string {
  return `
    INSERT INTO "ProviderCall" (id, "runId", "turnId", attempt, runtime, provider, "profileName", "modelRequested", "streamRequested", "streamActual", "streamStarted",
      "fallbackReason", status, "errorKind", "httpStatus", "startedAt", "endedAt", "latencyMs", "ttftMs", "inputTokens", "inputNoCacheTokens",
      "cacheReadTokens", "cacheWriteTokens", "outputTokens", "reasoningTokens", "costUsd")
    SELECT (lpad(to_hex((extract(epoch FROM t) * 1000)::bigint), 12, '0') || '7' || lpad(to_hex(i % 4096), 3, '0') || '8' || lpad(to_hex(i), 15, '0'))::uuid,
      $1, $2, CASE WHEN r < 0.06 THEN 2 ELSE 1 END,
      (ARRAY['openai-chat','openai-responses','anthropic-messages','openrouter'])[1 + (i % 4)],
      (ARRAY['openai','openai','anthropic','openrouter'])[1 + (i % 4)], 'bench',
      (ARRAY['gpt-4.1','gpt-5','claude-sonnet-4-5','anthropic/claude-sonnet-4.5','gpt-4.1-mini','o4-mini'])[1 + (i % 6)],
      r < 0.9, r < 0.87, r < 0.87 AND NOT (r < 0.04), CASE WHEN r BETWEEN 0.87 AND 0.9 THEN 'stream rejected' END,
      CASE WHEN r < 0.05 THEN 'error'::"CallStatus" ELSE 'ok'::"CallStatus" END,
      CASE WHEN r < 0.03 THEN 'rate_limit' WHEN r < 0.04 THEN 'overloaded' WHEN r < 0.05 THEN 'server' END,
      CASE WHEN r < 0.03 THEN 429 WHEN r < 0.04 THEN 529 WHEN r < 0.05 THEN 502 ELSE 200 END,
      t, t + (200 + r * 5000) * interval '1 millisecond', (200 + r * 5000)::int, (50 + r * 900)::int,
      1000 + (i % 4000), 400, (i % 600), (i % 50), 100 + (i % 700), (i % 90), 0.002
    FROM (
      SELECT i, random() AS r, $3::timestamptz + (i * interval '30 days' / ${CALLS}) AS t
      FROM generate_series(${first}, ${last}) AS i
    ) AS s`;
}

/**
 * Bulk load as Postgres' "Populating a Database" advises: secondary indexes dropped and rebuilt
 * after the load (their definitions read from pg_indexes, so they stay the schema's), the rows
 * inserted by several connections at once.
 */
async function seed(databaseUrl: string): Promise<number> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const started = performance.now();
  const { rows } = await admin.query<{ id: string }>(
    `INSERT INTO "Run" (id, task, "profileName", provider, runtime, model, profile, "updatedAt") VALUES (gen_random_uuid(), '[bench] telemetry', 'bench', 'simulator', 'openai-chat', 'sim-gpt', '{}', now()) RETURNING id`,
  );
  const runId = rows[0]!.id;
  const turn = await admin.query<{ id: string }>(`INSERT INTO "Turn" (id, "runId", index) VALUES (gen_random_uuid(), $1, 0) RETURNING id`, [
    runId,
  ]);
  const indexes = await admin.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'ProviderCall' AND indexname <> 'ProviderCall_pkey'`,
  );
  for (const index of indexes.rows) await admin.query(`DROP INDEX "${index.indexname}"`);
  const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const share = Math.ceil(CALLS / SEED_CONNECTIONS);
  await Promise.all(
    Array.from({ length: SEED_CONNECTIONS }, async (_, part) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query('SET synchronous_commit = off');
        await client.query(seedStatement(part * share + 1, Math.min(CALLS, (part + 1) * share)), [runId, turn.rows[0]!.id, since]);
      } finally {
        await client.end();
      }
    }),
  );
  await Promise.all(
    indexes.rows.map(async (index) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(index.indexdef).finally(() => client.end());
    }),
  );
  await admin.query('ANALYZE "ProviderCall"');
  await admin.end();
  return performance.now() - started;
}

const QUERIES = { streamingSeries, rateLimitSeries, cacheSeries, latencySeries, tokenCostSeries, errorsByKind } as const;

type LoggedQuery = { query: string; params: string; duration: number };

/** Every chart query for 24 h / 7 d / 30 d, with and without filters: p95 of 5 runs each. */
export async function benchTelemetryScale(databaseUrl: string): Promise<BenchFigure[]> {
  const seedMs = await seed(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const db = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: 'event', level: 'query' }] });
  let logged: LoggedQuery[] = [];
  db.$on('query', (event) => logged.push({ query: event.query, params: event.params, duration: event.duration }));
  const refreshStarted = performance.now();
  // The seed has committed: the refresh may read up to now.
  await refreshTelemetryRollups(db, { full: true, settleMs: 0 });
  const refreshMs = performance.now() - refreshStarted;
  const figures: BenchFigure[] = [
    {
      name: `telemetry: seeding ${CALLS.toLocaleString('en')} ProviderCalls`,
      value: Math.round(seedMs / 100) / 10,
      unit: 's',
      target: 'report',
      pass: true,
    },
    {
      name: 'telemetry: building every rollup from scratch',
      value: Math.round(refreshMs / 100) / 10,
      unit: 's',
      target: 'report',
      pass: true,
    },
  ];
  let slowest = { name: '', ms: 0, sql: null as LoggedQuery | null };
  for (const [label, hours] of [
    ['24h', 24],
    ['7d', 168],
    ['30d', 720],
  ] as const) {
    for (const filtered of [false, true]) {
      const to = new Date();
      const from = new Date(to.getTime() - hours * 3600_000);
      const query: TelemetryQuery = {
        from,
        to,
        bucketSeconds: chooseBucketSeconds(hours * 3600),
        ...(filtered ? { provider: 'anthropic', model: 'claude-sonnet-4-5' } : {}),
      };
      // Each chart as the page runs it on its own: deciding the sources is part of its time.
      for (const [name, run] of Object.entries(QUERIES)) {
        const times: number[] = [];
        for (let i = 0; i < 6; i++) {
          logged = [];
          const started = performance.now();
          await run(query, db, await chartSources(query, db));
          const ms = performance.now() - started;
          if (i === 0) continue; // the first run warms the cache
          times.push(ms);
          if (ms > slowest.ms)
            slowest = {
              name: `${label}${filtered ? ' filtered' : ''} ${name}`,
              ms,
              sql: logged.reduce<LoggedQuery | null>((a, b) => (!a || b.duration > a.duration ? b : a), null),
            };
        }
        const p95 = percentile(times, 95)!;
        figures.push({
          name: `telemetry ${label}${filtered ? ' filtered' : ''}: ${name} p95`,
          value: Math.round(p95),
          unit: 'ms',
          target: '≤ 100',
          pass: p95 <= 100,
        });
      }
    }
  }
  const optionTimes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    await filterOptions(db);
    if (i > 0) optionTimes.push(performance.now() - started);
  }
  const optionsP95 = percentile(optionTimes, 95)!;
  figures.push({
    name: 'telemetry: provider/model filter options p95',
    value: Math.round(optionsP95),
    unit: 'ms',
    target: '≤ 100',
    pass: optionsP95 <= 100,
  });
  console.log(`[bench] slowest chart: ${slowest.name} (${Math.round(slowest.ms)} ms); its slowest statement:`);
  if (slowest.sql) {
    const plan = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql.query}`,
      JSON.parse(slowest.sql.params) as unknown[],
    );
    console.log(slowest.sql.query.replace(/\s+/g, ' ').slice(0, 400));
    console.log(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
  }
  await db.$disconnect();
  await pool.end().catch(() => undefined);
  return figures;
}
