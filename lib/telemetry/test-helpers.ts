// For the telemetry tests on the shared test database: every chart of a window read through chosen
// sources, and a rollup refresh that waits its turn while other test files (and their workers'
// refreshers) hold the lock, so that a test never goes on with rollups that do not hold its rows.
import type { Database } from '@/lib/store/database';
import {
  attemptsByCause,
  cacheSeries,
  errorsByKind,
  latencySeries,
  notStartedByKind,
  rateLimitSeries,
  streamingSeries,
  tokenCostSeries,
} from './queries';
import { refreshTelemetryRollups, type RollupRefresh } from './rollups';
import type { ChartSources } from './sources';
import type { TelemetryQuery } from './window';

/** The whole window from "ProviderCall", no bucket from the rollups. */
export function providerCallOnly(query: TelemetryQuery): ChartSources {
  return { rollupRows: [], rawRanges: [{ from: query.from, to: query.to }] };
}

/** Every chart series of the window and errors by kind, read through `sources`. */
export async function everyChart(db: Database, query: TelemetryQuery, sources: ChartSources) {
  return {
    streaming: await streamingSeries(query, db, sources),
    rateLimits: await rateLimitSeries(query, db, sources),
    cache: await cacheSeries(query, db, sources),
    latency: await latencySeries(query, db, sources),
    tokens: await tokenCostSeries(query, db, sources),
    errorsByKind: await errorsByKind(query, db, sources),
    notStartedByKind: await notStartedByKind(query, db, sources),
    attemptsByCause: await attemptsByCause(query, db, sources),
  };
}

export async function refreshRollupsWhenFree(
  db: Database,
  options: Parameters<typeof refreshTelemetryRollups>[1] = {},
  timeoutMs = 20_000,
): Promise<Extract<RollupRefresh, { skipped: false }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const refresh = await refreshTelemetryRollups(db, options);
    if (!refresh.skipped) return refresh;
    if (Date.now() > deadline) throw new Error(`the rollups stayed locked for ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
