import pg from 'pg';
import { chooseBucketSeconds } from '@/lib/telemetry/buckets';
import { cacheSeries, errorsByKind, latencySeries, rateLimitSeries, streamingSeries, tokenCostSeries } from '@/lib/telemetry/queries';
import type { TelemetryQuery } from '@/lib/telemetry/window';
import { createPrismaClient } from '@/lib/store/prisma';
import { percentile } from '@/lib/store/provider-call-rows';
import type { BenchFigure } from './report';

const CALLS = Number(process.env.SWITCHBOARD_BENCH_CALLS ?? 1_000_000);

/** 1,000,000 ProviderCalls over 30 days, generated inside Postgres (one statement). */
async function seed(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "Run" (id, task, "profileName", provider, runtime, model, profile, "updatedAt") VALUES (gen_random_uuid(), '[bench] telemetry', 'bench', 'simulator', 'openai-chat', 'sim-gpt', '{}', now()) RETURNING id`,
  );
  const runId = rows[0]!.id;
  const turn = await client.query<{ id: string }>(`INSERT INTO "Turn" (id, "runId", index) VALUES (gen_random_uuid(), $1, 0) RETURNING id`, [runId]);
  await client.query(
    `INSERT INTO "ProviderCall" (id, "runId", "turnId", attempt, runtime, provider, "profileName", "modelRequested", "streamRequested", "streamActual",
       "fallbackReason", status, "errorKind", "httpStatus", "startedAt", "endedAt", "latencyMs", "ttftMs", "inputTokens", "inputNoCacheTokens",
       "cacheReadTokens", "cacheWriteTokens", "outputTokens", "reasoningTokens", "costUsd")
     SELECT gen_random_uuid(), $1, $2, CASE WHEN r < 0.06 THEN 2 ELSE 1 END,
       (ARRAY['openai-chat','openai-responses','anthropic-messages','openrouter'])[1 + (i % 4)],
       (ARRAY['openai','openai','anthropic','openrouter'])[1 + (i % 4)], 'bench',
       (ARRAY['gpt-4.1','gpt-5','claude-sonnet-4-5','anthropic/claude-sonnet-4.5','gpt-4.1-mini','o4-mini'])[1 + (i % 6)],
       r < 0.9, r < 0.87, CASE WHEN r BETWEEN 0.87 AND 0.9 THEN 'stream rejected' END,
       CASE WHEN r < 0.05 THEN 'error'::"CallStatus" ELSE 'ok'::"CallStatus" END,
       CASE WHEN r < 0.03 THEN 'rate_limit' WHEN r < 0.04 THEN 'overloaded' WHEN r < 0.05 THEN 'server' END,
       CASE WHEN r < 0.03 THEN 429 WHEN r < 0.04 THEN 529 WHEN r < 0.05 THEN 502 ELSE 200 END,
       now() - (random() * interval '30 days'), now(), (200 + r * 5000)::int, (50 + r * 900)::int,
       1000 + (i % 4000), 400, (i % 600), (i % 50), 100 + (i % 700), (i % 90), 0.002
     FROM (SELECT i, random() AS r FROM generate_series(1, $3::int) AS i) AS s`,
    [runId, turn.rows[0]!.id, CALLS],
  );
  await client.query('ANALYZE "ProviderCall"');
  await client.end();
  return performance.now() - started;
}

const QUERIES = { streamingSeries, rateLimitSeries, cacheSeries, latencySeries, tokenCostSeries, errorsByKind } as const;

/** Every chart query for 24 h / 7 d / 30 d, with and without filters: p95 of 5 runs each. */
export async function benchTelemetryScale(databaseUrl: string): Promise<BenchFigure[]> {
  const seedMs = await seed(databaseUrl);
  const db = createPrismaClient(databaseUrl);
  const figures: BenchFigure[] = [{ name: `telemetry: seeding ${CALLS.toLocaleString('en')} ProviderCalls`, value: Math.round(seedMs / 100) / 10, unit: 's', target: 'report', pass: true }];
  let slowest = { name: '', ms: 0, query: null as TelemetryQuery | null };
  for (const [label, hours] of [['24h', 24], ['7d', 168], ['30d', 720]] as const) {
    for (const filtered of [false, true]) {
      const to = new Date();
      const from = new Date(to.getTime() - hours * 3600_000);
      const query: TelemetryQuery = { from, to, bucketSeconds: chooseBucketSeconds(hours * 3600), ...(filtered ? { provider: 'anthropic', model: 'claude-sonnet-4-5' } : {}) };
      for (const [name, run] of Object.entries(QUERIES)) {
        const times: number[] = [];
        for (let i = 0; i < 6; i++) {
          const started = performance.now();
          await run(query, db);
          if (i > 0) times.push(performance.now() - started);
        }
        const p95 = percentile(times, 95)!;
        const figureName = `telemetry ${label}${filtered ? ' filtered' : ''}: ${name} p95`;
        if (p95 > slowest.ms) slowest = { name: figureName, ms: p95, query };
        figures.push({ name: figureName, value: Math.round(p95), unit: 'ms', target: '≤ 100', pass: p95 <= 100 });
      }
    }
  }
  await db.$disconnect();
  console.log(`[bench] slowest: ${slowest.name} (${Math.round(slowest.ms)} ms)`);
  return figures;
}
