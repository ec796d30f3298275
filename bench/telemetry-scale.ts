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
  telemetryData,
  tokenCostSeries,
} from '@/lib/telemetry/queries';
import { refreshTelemetryRollups } from '@/lib/telemetry/rollups';
import { chartSources } from '@/lib/telemetry/sources';
import { readTelemetrySearch, resolveWindow, type TelemetryQuery } from '@/lib/telemetry/window';
import { explainSlowest, type LoggedQuery } from './explain';
import { atMost, REPORT, type BenchFigure, type PreparedBench } from './figure';
import { countFromEnv, seedHistory, seedingFigures } from './seed-history';

/** The size: the charts at 10,000,000 provider calls (BENCH_TELEMETRY_CALLS for a smaller one while developing). */
const CALLS = countFromEnv('BENCH_TELEMETRY_CALLS', 10_000_000);

const QUERIES = { streamingSeries, rateLimitSeries, cacheSeries, latencySeries, tokenCostSeries, errorsByKind } as const;

/** The slowest chart of all passes and the statements of that run of it. */
type Slowest = { name: string; ms: number; statements: LoggedQuery[] };

/**
 * Seeds the history — CALLS provider calls in whole runs over half a year — and builds the rollups
 * (once, each timed: bench/seed-history.ts); each pass brings the rollups up to date as a worker's
 * minutely refresh would, then runs every chart query for 24 h / 7 d / 30 d, with and without
 * filters, p95 of 5 runs each. The slowest chart over all passes is explained (EXPLAIN ANALYZE of
 * the statement of it the server took longest over) at the end.
 */
export async function prepareTelemetryScale(databaseUrl: string): Promise<PreparedBench> {
  const history = await seedHistory(databaseUrl, { calls: CALLS });
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const db = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: 'event', level: 'query' }] });
  const logged: LoggedQuery[] = [];
  db.$on('query', (event) => logged.push({ query: event.query, params: event.params, duration: event.duration }));
  const slowest: Slowest = { name: '', ms: 0, statements: [] };
  return {
    once: seedingFigures('telemetry', history),
    async pass() {
      await refreshTelemetryRollups(db);
      return timeCharts(db, logged, slowest);
    },
    async close() {
      if (slowest.statements.length)
        await explainSlowest(pool, `slowest chart: ${slowest.name} (${Math.round(slowest.ms)} ms)`, slowest.statements);
      await db.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

async function timeCharts(db: PrismaClient, logged: LoggedQuery[], slowest: Slowest): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
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
          logged.length = 0;
          const started = performance.now();
          await run(query, db, await chartSources(query, db));
          const ms = performance.now() - started;
          if (i === 0) continue; // the first run warms the cache
          times.push(ms);
          if (ms > slowest.ms)
            Object.assign(slowest, {
              name: `${label}${filtered ? ' filtered' : ''} ${name}`,
              ms,
              statements: [...logged],
            });
        }
        figures.push({
          name: `telemetry ${label}${filtered ? ' filtered' : ''}: ${name} p95`,
          value: Math.round(percentile(times, 95)!),
          unit: 'ms',
          target: atMost(100),
        });
      }
    }
  }
  // The page asks for every chart of its window at once (telemetryData, as GET /api/telemetry answers):
  // shown beside the charts' own figures, which the issue's target is about.
  for (const window of ['24h', '7d', '30d'] as const) {
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      await telemetryData(resolveWindow(readTelemetrySearch({ window })!), db);
      if (i > 0) times.push(performance.now() - started);
    }
    figures.push({
      name: `telemetry ${window}: the whole page, every chart at once (GET /api/telemetry) p95`,
      value: Math.round(percentile(times, 95)!),
      unit: 'ms',
      target: REPORT,
    });
  }
  const optionTimes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    await filterOptions(db);
    if (i > 0) optionTimes.push(performance.now() - started);
  }
  figures.push({
    name: 'telemetry: provider/model filter options p95',
    value: Math.round(percentile(optionTimes, 95)!),
    unit: 'ms',
    target: atMost(100),
  });
  return figures;
}
