// The catalogue's promise: the chart queries on "ProviderCall", the charts read from the rollups
// and the alert measures give the same numbers on the same rows. One hour of varied attempts on
// three providers, in the shared test database under provider names of this file alone (and an
// hour no other test writes into, since the rollups also keep an all-providers scope).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { measureRule } from '@/lib/alerts/measure';
import { ALERT_METRICS, type AlertMetric } from '@/lib/alerts/metrics';
import { createDatabase } from '@/lib/store/database';
import {
  emptyMetricValues,
  METRICS,
  metricSql,
  metricValues,
  ratioOf,
  selectMetrics,
  STREAMING_ATTEMPTS,
  SUCCEEDED_ATTEMPTS,
  type MetricName,
} from './metrics';
import { quotaHeadroomSeries } from './quota-series';
import { chartSources } from './sources';
import { summarizeCache, summarizeRateLimits, summarizeStreaming, summarizeTokens } from './summary';
import { everyChart, providerCallOnly, refreshRollupsWhenFree } from './test-helpers';
import type { TelemetryQuery } from './window';
import { deleteRunsWithRows } from '@/lib/store/testing/delete-runs';

const db = createDatabase(inject('databaseUrl'));
const tag = randomBytes(4).toString('hex');
const openai = `metrics-openai-${tag}`;
const anthropic = `metrics-anthropic-${tag}`;
const openrouter = `metrics-openrouter-${tag}`;
const hour = new Date('2021-02-01T13:00:00.000Z');
const end = new Date('2021-02-01T14:00:00.000Z');
const at = (minute: number, second = 0) => new Date(hour.getTime() + minute * 60_000 + second * 1000);

type Attempt = {
  provider: string;
  model: string;
  /** The call (turn) the attempt belongs to, and its place among the call's attempts. */
  turn: string;
  attempt: number;
  at: Date;
  /** streamRequested, streamActual */
  stream: [boolean, boolean];
  /** The provider began a stream (default: a streaming attempt that succeeded). */
  began?: boolean;
  status: 'ok' | 'error';
  errorKind?: string;
  httpStatus?: number;
  latencyMs: number;
  ttftMs?: number;
  input?: number;
  /** Not given: the provider did not report it (null). */
  cacheRead?: number;
  cacheWrite?: number;
  output?: number;
  reasoning?: number;
  /** Our estimate (none: the model has no price). */
  cost?: number;
  /** What the provider reported it cost. */
  reported?: number;
};

/** An attempt as the table gives it: streamed unless `stream` says otherwise, failed when it has an error kind. */
type TableAttempt = Omit<Attempt, 'provider' | 'model' | 'turn' | 'attempt' | 'stream' | 'status'> & { stream?: [boolean, boolean] };

/** The attempts of one call (a turn) of `model` on `provider`, in the order they were made: attempt 1, 2, … */
function call(provider: string, model: string, turn: string, attempts: TableAttempt[]): Attempt[] {
  return attempts.map(({ stream = [true, true], ...fields }, index) => ({
    provider,
    model,
    turn,
    attempt: index + 1,
    stream,
    status: fields.errorKind ? 'error' : 'ok',
    ...fields,
  }));
}

const ATTEMPTS: Attempt[] = [
  // OpenAI gpt-a, streamed: two calls streamed OK; a stream cut by the network, then a streamed retry;
  // a 429, a slow-down HTML page (rate_limit, HTTP 200: no stream began), then a streamed success; a
  // stream the person cancelled. A4's third attempt and the OpenRouter successes did not report cache use.
  ...call(openai, 'gpt-a', 'A1', [
    { at: at(1), latencyMs: 1000, ttftMs: 200, input: 1000, cacheRead: 500, cacheWrite: 100, output: 100, reasoning: 20, cost: 0.25 },
  ]),
  ...call(openai, 'gpt-a', 'A2', [{ at: at(2), latencyMs: 3000, ttftMs: 600, input: 1000, cacheRead: 0, output: 200, cost: 0.5 }]),
  ...call(openai, 'gpt-a', 'A3', [
    { at: at(16), began: true, errorKind: 'network', httpStatus: 200, latencyMs: 1500, ttftMs: 300 },
    { at: at(17), latencyMs: 2000, ttftMs: 400, input: 1000, cacheRead: 1000, output: 50, cost: 0.125 },
  ]),
  ...call(openai, 'gpt-a', 'A4', [
    { at: at(20), errorKind: 'rate_limit', httpStatus: 429, latencyMs: 50 },
    { at: at(21), errorKind: 'rate_limit', httpStatus: 200, latencyMs: 80 },
    { at: at(22), latencyMs: 4000, ttftMs: 800, input: 500, output: 10, cost: 0.0625 },
  ]),
  ...call(openai, 'gpt-a', 'A5', [{ at: at(31), began: true, errorKind: 'cancelled', latencyMs: 700 }]),
  // OpenAI gpt-b: a stream refused (stream_unsupported) and answered by a non-streaming fallback;
  // another refused whose fallback failed too.
  ...call(openai, 'gpt-b', 'B1', [
    { at: at(33), errorKind: 'stream_unsupported', httpStatus: 400, latencyMs: 30 },
    { at: at(33, 10), stream: [true, false], latencyMs: 5000, input: 800, cacheRead: 0, output: 40, cost: 0.125 },
  ]),
  ...call(openai, 'gpt-b', 'B2', [
    { at: at(34), errorKind: 'stream_unsupported', httpStatus: 400, latencyMs: 30 },
    { at: at(34, 10), stream: [true, false], errorKind: 'server', httpStatus: 500, latencyMs: 100 },
  ]),
  // Anthropic: an overload (529) then a cached success, not streamed; a streamed success read from
  // the cache; a stream that broke off overloaded (an error event after HTTP 200).
  ...call(anthropic, 'claude-a', 'C1', [
    { at: at(40), stream: [false, false], errorKind: 'overloaded', httpStatus: 529, latencyMs: 60 },
    {
      at: at(41),
      stream: [false, false],
      latencyMs: 2500,
      input: 2300,
      cacheRead: 1500,
      cacheWrite: 300,
      output: 300,
      reasoning: 100,
      cost: 1,
    },
  ]),
  ...call(anthropic, 'claude-a', 'C2', [
    { at: at(46), latencyMs: 1200, ttftMs: 250, input: 1000, cacheRead: 1000, output: 80, cost: 0.25 },
  ]),
  ...call(anthropic, 'claude-a', 'C3', [
    { at: at(50), began: true, errorKind: 'overloaded', httpStatus: 200, latencyMs: 900, ttftMs: 150 },
  ]),
  // OpenRouter: a success without a cost estimate (but a reported cost), a stream that timed out after it
  // began, an auth error before any stream, a success whose reported cost is 25 % above our estimate.
  ...call(openrouter, 'or-a', 'D1', [{ at: at(52), stream: [false, false], latencyMs: 800, input: 400, output: 20, reported: 0.003 }]),
  ...call(openrouter, 'or-a', 'D2', [{ at: at(55), began: true, errorKind: 'timeout', httpStatus: 200, latencyMs: 30_000 }]),
  ...call(openrouter, 'or-a', 'D3', [{ at: at(58), errorKind: 'auth', httpStatus: 401, latencyMs: 40 }]),
  ...call(openrouter, 'or-a', 'D4', [{ at: at(59, 59), stream: [false, false], latencyMs: 600, cost: 0.02, reported: 0.025 }]),
  // Outside the hour: just before it, and exactly at its (exclusive) end.
  ...call(openai, 'gpt-a', 'X1', [
    { at: new Date(hour.getTime() - 1), errorKind: 'rate_limit', httpStatus: 429, latencyMs: 9, input: 99_999, cost: 64 },
  ]),
  ...call(openai, 'gpt-a', 'X2', [{ at: end, errorKind: 'rate_limit', httpStatus: 429, latencyMs: 9, input: 99_999, cost: 64 }]),
];

/**
 * Streaming health over the hour, however it is added up. Counted: 9 streams began (A5's was
 * cancelled: not counted) + 2 refused = 10; 5 completed. The 429, the slow-down page and the auth
 * error began no stream: "not started", beside the ratio, not in it.
 */
const HOUR_STREAMING = {
  requested: 16,
  counted: 10,
  streamedOk: 5,
  fallbacks: 2,
  midStreamFailures: 3,
  refused: 2,
  notStarted: 3,
  cancelled: 1,
  ratio: 0.5,
};

/** What the answers' rate-limit headers said (quota headroom reads these, not ProviderCall). */
const SAMPLES = [
  // gpt-a's tokens: spent at the 429 (whole again 30 s later), a quarter left at its success (whole again after the hour).
  { provider: openai, model: 'gpt-a', dimension: 'tokens', at: at(20), limit: 1000, remaining: 0, resetAt: at(20, 30) },
  {
    provider: openai,
    model: 'gpt-a',
    dimension: 'tokens',
    at: at(22),
    limit: 1000,
    remaining: 250,
    resetAt: new Date(end.getTime() + 60_000),
  },
  // gpt-a's requests: 90 % left, whole again a second later.
  { provider: openai, model: 'gpt-a', dimension: 'requests', at: at(22), limit: 100, remaining: 90, resetAt: at(22, 1) },
  // claude-a's output tokens: 5 % left, whole again within the hour.
  { provider: anthropic, model: 'claude-a', dimension: 'output-tokens', at: at(41), limit: 8000, remaining: 400, resetAt: at(41, 30) },
];

beforeAll(async () => {
  const turnIds = new Map<string, string>();
  for (const provider of [openai, anthropic, openrouter]) {
    const run = await db.run.create({
      data: { task: 'metric catalogue', profileName: provider, provider, runtime: 'openai-chat', model: 'm', profile: {} },
    });
    const turns = [...new Set(ATTEMPTS.filter((row) => row.provider === provider).map((row) => row.turn))];
    for (const [index, turn] of turns.entries())
      turnIds.set(turn, `${run.id} ${(await db.turn.create({ data: { runId: run.id, index } })).id}`);
  }
  await db.providerCall.createMany({
    data: ATTEMPTS.map((row) => {
      const [runId, turnId] = turnIds.get(row.turn)!.split(' ') as [string, string];
      // Why the attempt was made: the attempt before it in the same call failed.
      const previous = ATTEMPTS.find((other) => other.turn === row.turn && other.attempt === row.attempt - 1);
      const cause = previous ? (previous.errorKind === 'stream_unsupported' && !row.stream[1] ? 'stream-fallback' : 'retry') : null;
      return {
        cause,
        causeKind: previous?.errorKind ?? null,
        runId,
        turnId,
        attempt: row.attempt,
        runtime: 'openai-chat',
        provider: row.provider,
        profileName: row.provider,
        modelRequested: row.model,
        streamRequested: row.stream[0],
        streamActual: row.stream[1],
        streamStarted: row.began ?? (row.stream[1] && row.status === 'ok'),
        fallbackReason: row.stream[0] && !row.stream[1] ? 'stream_unsupported' : null,
        status: row.status,
        errorKind: row.errorKind ?? null,
        httpStatus: row.httpStatus ?? (row.status === 'ok' ? 200 : null),
        startedAt: row.at,
        latencyMs: row.latencyMs,
        ttftMs: row.ttftMs ?? null,
        inputTokens: row.input ?? 0,
        cacheReadTokens: row.cacheRead ?? null,
        cacheWriteTokens: row.cacheWrite ?? null,
        outputTokens: row.output ?? 0,
        reasoningTokens: row.reasoning ?? null,
        costUsd: row.cost ?? null,
        providerCostUsd: row.reported ?? null,
      };
    }),
  });
  const runOf = new Map(ATTEMPTS.map((row) => [row.provider, turnIds.get(row.turn)!.split(' ')[0]!]));
  await db.rateLimitSample.createMany({
    data: SAMPLES.map((sample) => ({
      runId: runOf.get(sample.provider)!,
      account: `account-${sample.provider}`,
      runtime: 'openai-chat',
      provider: sample.provider,
      model: sample.model,
      dimension: sample.dimension,
      limit: BigInt(sample.limit),
      remaining: BigInt(sample.remaining),
      resetAt: sample.resetAt,
      observedAt: sample.at,
    })),
  });
  // The rows were recorded just now: a refresh with the normal settle time would leave them out.
  await new Promise((resolve) => setTimeout(resolve, 20));
  // A full rebuild: an incremental one started by another file while these rows were being written
  // could have moved the watermark past them without reading them.
  await refreshRollupsWhenFree(db, { full: true, settleMs: 0 });
});

afterAll(async () => {
  await deleteRunsWithRows(db, { provider: { in: [openai, anthropic, openrouter] } });
  await db.$disconnect();
});

/** The charts of the hour from "ProviderCall" alone and from the rollups alone (asserted equal), and every alert measure over it. */
async function threeWays(scope: { provider?: string; model?: string }, bucketSeconds: number) {
  const query: TelemetryQuery = { from: hour, to: end, bucketSeconds, ...scope };
  const raw = await everyChart(db, query, providerCallOnly(query));
  const sources = await chartSources(query, db);
  expect(sources.rawRanges, 'every bucket of the hour comes from the rollups').toEqual([]);
  expect(sources.rollupRows).toHaveLength(3600 / bucketSeconds);
  const rolled = await everyChart(db, query, sources);
  expect(rolled).toEqual(raw);
  const alerts = {} as Record<AlertMetric, { calls: number; value: number | null }>;
  for (const metric of ALERT_METRICS) {
    const { calls, value } = await measureRule(
      db,
      { metric, provider: scope.provider ?? null, model: scope.model ?? null, windowSeconds: 3600 },
      end,
    );
    alerts[metric] = { calls, value };
  }
  return { charts: raw, alerts, quota: await quotaHeadroomSeries(query, db) };
}

const SCOPES = [
  ['all providers', {}],
  ['one provider', { provider: openai }],
  ['one model', { provider: openai, model: 'gpt-b' }],
  ['another provider', { provider: anthropic }],
  ['a third provider', { provider: openrouter }],
] as const;

describe('the metric catalogue on Postgres: charts, rollups and alerts agree', () => {
  it('gives the known numbers for the hour, the same through the charts on ProviderCall, the rollups and the alert measures', async () => {
    const { charts: hourly, alerts } = await threeWays({}, 3600);
    expect(hourly.streaming).toEqual([{ bucket: hour.toISOString(), streamed: 9, ...HOUR_STREAMING }]);
    expect(hourly.attemptsByCause).toEqual([
      { cause: 'retry', kind: 'rate_limit', count: 2 },
      { cause: 'stream-fallback', kind: 'stream_unsupported', count: 2 },
      { cause: 'retry', kind: 'network', count: 1 },
      { cause: 'retry', kind: 'overloaded', count: 1 },
    ]);
    expect(hourly.notStartedByKind).toEqual([
      { errorKind: 'rate_limit', count: 2 },
      { errorKind: 'auth', count: 1 },
    ]);
    expect(hourly.rateLimits).toEqual([{ bucket: hour.toISOString(), rateLimited429: 1, rateLimitedOther: 1, overloaded: 2, retries: 6 }]);
    // The hit ratio is over the attempts that reported cache reads (7,100 input tokens); 3 successful ones did not.
    expect(hourly.cache).toEqual([
      {
        bucket: hour.toISOString(),
        inputTokens: 8000,
        cacheReadTokens: 4000,
        cacheWriteTokens: 400,
        cacheReportedInputTokens: 7100,
        cacheNotReported: 3,
        hitRatio: 4000 / 7100,
      },
    ]);
    expect(hourly.latency).toEqual([
      {
        bucket: hour.toISOString(),
        okCalls: 9,
        latencyP50: 2000,
        latencyP95: expect.closeTo(4600, 6),
        ttftP50: 400,
        ttftP95: expect.closeTo(760, 6),
      },
    ]);
    expect(hourly.tokens).toEqual([
      {
        bucket: hour.toISOString(),
        calls: 20,
        cancelledCalls: 1,
        inputTokens: 8000,
        outputTokens: 800,
        reasoningTokens: 120,
        costUsd: 2.3325,
        providerCostUsd: 0.028,
        costComparedEstimate: 0.02,
        costComparedReported: 0.025,
        unpricedCalls: 1,
      },
    ]);
    expect(summarizeTokens(hourly.tokens).costDrift).toBeCloseTo(0.25, 10);
    // A user cancel is not an error: it is not among the kinds (it is counted as cancelled).
    expect(hourly.errorsByKind).toEqual([
      { errorKind: 'overloaded', count: 2 },
      { errorKind: 'rate_limit', count: 2 },
      { errorKind: 'stream_unsupported', count: 2 },
      { errorKind: 'auth', count: 1 },
      { errorKind: 'network', count: 1 },
      { errorKind: 'server', count: 1 },
      { errorKind: 'timeout', count: 1 },
    ]);
    expect(alerts).toEqual({
      // 20 attempts less the cancelled one and the refusal its fallback answered; 9 of those 18 failed.
      error_rate: { calls: 18, value: 50 },
      rate_limit_incidents: { calls: 20, value: 4 },
      streaming_success: { calls: 10, value: 50 },
      p95_latency: { calls: 9, value: hourly.latency[0]!.latencyP95 },
      cost_per_hour: { calls: 20, value: 2.3325 },
      // gpt-a's tokens at 25 %; its requests and claude-a's output tokens were whole again by the end.
      quota_headroom: { calls: 4, value: 25 },
    });
  });

  it.each(SCOPES)('measures %s the same way in the charts and the alert rules', async (_label, scope) => {
    const { charts: hourly, alerts, quota } = await threeWays(scope, 3600);
    // Quota headroom: the lowest of the chart's series at their latest sample, 100 % where it was whole again by the end.
    const headroom = quota.series.map((series) =>
      series.latest.resetAt && Date.parse(series.latest.resetAt) <= end.getTime() ? 100 : series.latest.remainingPct,
    );
    expect(alerts.quota_headroom).toEqual({
      calls: quota.series.reduce((sum, series) => sum + series.samples, 0),
      value: headroom.length ? Math.min(...headroom) : null,
    });
    const streaming = hourly.streaming[0]!;
    const rateLimits = hourly.rateLimits[0]!;
    const latency = hourly.latency[0]!;
    const tokens = hourly.tokens[0]!;
    expect(alerts.streaming_success).toEqual({
      calls: streaming.counted,
      value: streaming.ratio === null ? null : expect.closeTo(streaming.ratio * 100, 9),
    });
    expect(alerts.rate_limit_incidents).toEqual({
      calls: tokens.calls,
      value: rateLimits.rateLimited429 + rateLimits.rateLimitedOther + rateLimits.overloaded,
    });
    expect(alerts.p95_latency).toEqual({ calls: latency.okCalls, value: latency.latencyP95 });
    expect(alerts.cost_per_hour).toEqual({ calls: tokens.calls, value: tokens.costUsd });
  });

  it('leaves out of the error rate exactly the cancelled attempts and the refusals a fallback answered, in every scope', async () => {
    const expected = {
      'all providers': { calls: 18, value: 50 },
      'one provider': { calls: 10, value: 50 },
      // B1's refusal is left out: its fallback (ok) and both failed attempts of B2 count.
      'one model': { calls: 3, value: expect.closeTo((2 / 3) * 100, 9) },
      'another provider': { calls: 4, value: 50 },
      'a third provider': { calls: 4, value: 50 },
    };
    for (const [label, scope] of SCOPES) {
      const measured = await measureRule(
        db,
        {
          metric: 'error_rate',
          provider: 'provider' in scope ? scope.provider : null,
          model: 'model' in scope ? scope.model : null,
          windowSeconds: 3600,
        },
        end,
      );
      expect({ calls: measured.calls, value: measured.value }, label).toEqual(expected[label]);
    }
  });

  it('adds up over 15-minute buckets (the page’s window totals) to what the alert measures over the hour', async () => {
    const { charts: quarters, alerts } = await threeWays({}, 900);
    expect(quarters.tokens.map((point) => point.calls)).toEqual([2, 5, 7, 6]);
    const streaming = summarizeStreaming(quarters.streaming);
    expect(streaming).toEqual(HOUR_STREAMING);
    expect(alerts.streaming_success).toEqual({ calls: streaming.counted, value: streaming.ratio! * 100 });
    const rateLimits = summarizeRateLimits(quarters.rateLimits);
    expect(alerts.rate_limit_incidents.value).toBe(rateLimits.rateLimited429 + rateLimits.rateLimitedOther + rateLimits.overloaded);
    const tokens = summarizeTokens(quarters.tokens);
    expect(alerts.cost_per_hour).toEqual({ calls: tokens.calls, value: tokens.costUsd });
    expect(summarizeCache(quarters.cache)).toMatchObject({ hitRatio: 4000 / 7100, cacheNotReported: 3 });
    // Percentiles do not add up: each is exact for its own bucket (so are the rollups'); the hour's
    // median latency (2000 ms) comes from the hour's rows, never from these.
    expect(quarters.latency.map((point) => point.okCalls)).toEqual([2, 2, 2, 3]);
    expect(quarters.latency.map((point) => point.latencyP50)).toEqual([2000, 3000, 3750, 800]);
  });
});

describe('metric SQL', () => {
  it('leaves out the population a query already restricts its rows to', () => {
    expect(metricSql('streamedOk').sql).toBe(`count(*) FILTER (WHERE ("streamRequested") AND ("streamStarted" AND "status" = 'ok'))::int`);
    expect(metricSql('streamedOk', STREAMING_ATTEMPTS).sql).toBe(`count(*) FILTER (WHERE "streamStarted" AND "status" = 'ok')::int`);
    expect(metricSql('streamRequested', STREAMING_ATTEMPTS).sql).toBe('count(*)::int');
    expect(metricSql('latencyP95', SUCCEEDED_ATTEMPTS).sql).toBe('percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs")');
    expect(metricSql('costUsd').sql).toBe('coalesce(sum("costUsd"), 0)::float8');
  });

  it('refuses to take a metric within a population it is not over', () => {
    expect(() => metricSql('latencyP95', STREAMING_ATTEMPTS)).toThrow(/latencyP95 is taken over attempts that succeeded/);
    expect(() => metricSql('calls', SUCCEEDED_ATTEMPTS)).toThrow(/calls is taken over every attempt/);
  });

  it('gives over no attempts what an empty chart bucket shows', async () => {
    const names = Object.keys(METRICS) as MetricName[];
    const [row] = await db.$queryRaw<Array<Record<string, unknown>>>`SELECT ${selectMetrics(names)} FROM "ProviderCall" WHERE false`;
    expect(metricValues(row!, names)).toEqual(emptyMetricValues(names));
    expect(emptyMetricValues(['calls', 'costUsd', 'latencyP95'])).toEqual({ calls: 0, costUsd: 0, latencyP95: null });
  });

  it('has no ratio over nothing', () => {
    expect(ratioOf('streamingSuccess', { streamedOk: 0, streamHealthAttempts: 0 })).toBeNull();
    expect(ratioOf('cacheHit', { cacheReadTokens: 300, cacheReportedInputTokens: 1200 })).toBe(0.25);
  });
});
