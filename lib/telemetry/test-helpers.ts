// For the telemetry tests on the shared test database: every chart of a window read through chosen
// sources, and a rollup refresh that waits its turn while other test files (and their workers'
// refreshers) hold the lock, so that a test never goes on with rollups that do not hold its rows;
// and provider calls of every shape to roll up.
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
  // Once a build from scratch is under way, another file's refresh may take a step of it: a
  // restart with `full` happens once, then the refreshes go on with that build until it is done.
  let next = options;
  for (;;) {
    const refresh = await refreshTelemetryRollups(db, next);
    if (!refresh.skipped && refresh.done) return refresh;
    if (!refresh.skipped) next = { ...options, full: false };
    if (Date.now() > deadline) throw new Error(`the rollups stayed locked for ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A small deterministic PRNG (mulberry32) so a failure reproduces. */
export function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const onlyIf = (reported: boolean, value: number) => (reported ? value : null);

/** Where the calls go and what they name. */
export type CallOwner = { runId: string; turnId: string; provider: string; models: string[] };

/**
 * `count` provider calls spread over [from, from + spanMs): errors of every kind, retries and
 * fallbacks, calls on whole hours (bucket edges), values providers did not report (null).
 */
export function randomProviderCalls(owner: CallOwner, count: number, random: () => number, from: Date, spanMs: number) {
  const { runId, turnId, provider, models } = owner;
  return Array.from({ length: count }, (_, i) => {
    const r = random();
    const error = r < 0.12;
    const kind =
      r < 0.05 ? 'rate_limit' : r < 0.07 ? 'overloaded' : r < 0.09 ? 'network' : r < 0.1 ? 'server' : r < 0.12 ? 'timeout' : null;
    // Some calls sit exactly on bucket boundaries (whole hours), the rest anywhere.
    const offset = i % 17 === 0 ? Math.floor(random() * (spanMs / 3_600_000)) * 3_600_000 : Math.floor(random() * spanMs);
    const streamRequested = random() < 0.8;
    const streamActual = random() < 0.75;
    // Some providers report no cache use and no reasoning (null, not 0); a cancel now and then.
    const reported = i % 5 !== 0;
    return {
      runId,
      turnId,
      attempt: random() < 0.1 ? 2 : 1,
      runtime: 'openai-chat',
      provider,
      profileName: 'rollup',
      modelRequested: models[i % 2]!,
      streamRequested,
      streamActual,
      // A stream begins unless the attempt was refused before it (a rate limit, an overload).
      streamStarted: streamActual && kind !== 'rate_limit' && kind !== 'overloaded',
      status: error || i % 23 === 0 ? ('error' as const) : ('ok' as const),
      // Some attempts answered a failure: a retry after a rate limit, a profile fallback after an overload.
      cause: i % 11 === 0 ? 'retry' : i % 13 === 0 ? 'profile-fallback' : null,
      causeKind: i % 11 === 0 ? 'rate_limit' : i % 13 === 0 ? 'overloaded' : null,
      errorKind: i % 23 === 0 ? 'cancelled' : kind,
      httpStatus: kind === 'rate_limit' ? (random() < 0.7 ? 429 : null) : kind === 'overloaded' ? 529 : error ? 502 : 200,
      startedAt: new Date(from.getTime() + offset),
      latencyMs: random() < 0.05 ? null : Math.round(50 + random() * 8000),
      ttftMs: random() < 0.2 ? null : Math.round(20 + random() * 900),
      inputTokens: Math.round(random() * 4000),
      cacheReadTokens: onlyIf(reported, Math.round(random() * 1000)),
      cacheWriteTokens: onlyIf(reported, Math.round(random() * 100)),
      outputTokens: Math.round(random() * 700),
      reasoningTokens: onlyIf(reported, Math.round(random() * 90)),
      costUsd: random() < 0.1 ? null : Math.round(random() * 1e6) / 1e8,
    };
  });
}
