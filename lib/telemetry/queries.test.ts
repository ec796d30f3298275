// Integration: the telemetry aggregates against the migrated test database. Other test files
// share it, so every row here carries a provider name of this file alone, and every query filters on it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { scriptedCallColumns, type ScriptedCall } from '@/test/scripted-provider-call';
import {
  cacheSeries,
  errorsByKind,
  filterOptions,
  latencySeries,
  rateLimitSeries,
  streamingSeries,
  telemetryData,
  tokenCostSeries,
} from './queries';
import { resolveWindow, type TelemetryQuery } from './window';
import { deleteRunsWithRows } from '@/lib/store/testing/delete-runs';

const db = createDatabase(inject('databaseUrl'));
const tag = randomBytes(4).toString('hex');
const provider = `telemetry-test-${tag}`;
const model = `telemetry-model-${tag}`;
const otherModel = `telemetry-other-${tag}`;
const base = new Date('2026-01-05T10:00:00.000Z');
const at = (seconds: number) => new Date(base.getTime() + seconds * 1000);
let runId = '';

const query: TelemetryQuery = { from: base, to: at(300), bucketSeconds: 60, provider, model };

/** A provider call of the test's run, `second` seconds into the window (of `model` unless it says). */
type Call = ScriptedCall & { second: number; model?: string };

const calls: Call[] = [
  // 10:00 — four streaming attempts: two ok, one broken mid-stream, one rate-limited retry (no stream began).
  // Cache counts not given were not reported (null).
  {
    second: 1,
    streamRequested: true,
    streamActual: true,
    latencyMs: 1000,
    ttftMs: 200,
    inputTokens: 1000,
    cacheReadTokens: 600,
    cacheWriteTokens: 100,
    outputTokens: 50,
    reasoningTokens: 10,
    costUsd: 0.01,
  },
  {
    second: 20,
    streamRequested: true,
    streamActual: true,
    latencyMs: 2000,
    ttftMs: 400,
    inputTokens: 1000,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 100,
    costUsd: 0.02,
  },
  {
    second: 30,
    streamRequested: true,
    streamActual: true,
    streamStarted: true,
    status: 'error',
    errorKind: 'network',
    httpStatus: 200,
    latencyMs: 500,
    ttftMs: 100,
  },
  {
    second: 59,
    attempt: 2,
    streamRequested: true,
    streamActual: true,
    status: 'error',
    errorKind: 'rate_limit',
    httpStatus: 429,
    latencyMs: 50,
  },
  // 10:01 — a streaming fallback, an overloaded 529 and a successful retry.
  { second: 60, streamRequested: true, streamActual: false, latencyMs: 3000, inputTokens: 500, outputTokens: 20, costUsd: 0.005 },
  { second: 70, status: 'error', errorKind: 'overloaded', httpStatus: 529, latencyMs: 80 },
  { second: 80, attempt: 2, latencyMs: 4000, inputTokens: 200, outputTokens: 10 },
  // 10:03 — a rate limit without an HTTP status (10:02 stays empty).
  { second: 200, status: 'error', errorKind: 'rate_limit', latencyMs: 10 },
  // 10:04 — another model of the same provider.
  { second: 250, model: otherModel, latencyMs: 100, inputTokens: 10 },
  // Outside the window: just before it, and exactly at its (exclusive) end.
  { second: -1, inputTokens: 99_999 },
  { second: 300, inputTokens: 99_999 },
];

beforeAll(async () => {
  const run = await db.run.create({
    data: { task: 'telemetry probe', profileName: 'telemetry', provider, runtime: 'openai-chat', model, profile: {} },
  });
  runId = run.id;
  const turn = await db.turn.create({ data: { runId, index: 0 } });
  await db.providerCall.createMany({
    data: calls.map((call) => ({
      runId,
      turnId: turn.id,
      runtime: 'openai-chat',
      provider,
      profileName: 'telemetry',
      modelRequested: call.model ?? model,
      startedAt: at(call.second),
      ...scriptedCallColumns(call),
    })),
  });
});

afterAll(async () => {
  if (runId) await deleteRunsWithRows(db, { id: runId });
  await db.$disconnect();
});

const buckets = ['10:00', '10:01', '10:02', '10:03', '10:04'].map((time) => `2026-01-05T${time}:00.000Z`);

describe('telemetry queries on Postgres', () => {
  it('streaming success: over the streams that began (or were refused); a 429 before any stream is "not started", not a failure', async () => {
    const series = await streamingSeries(query, db);
    expect(series.map((point) => point.bucket)).toEqual(buckets);
    expect(series[0]).toEqual({
      bucket: buckets[0],
      requested: 4,
      counted: 3,
      streamed: 3,
      streamedOk: 2,
      fallbacks: 0,
      midStreamFailures: 1,
      refused: 0,
      notStarted: 1,
      cancelled: 0,
      ratio: 2 / 3,
    });
    // The non-streaming fallback is not a streaming attempt: nothing to divide by.
    expect(series[1]).toMatchObject({
      requested: 1,
      counted: 0,
      streamed: 0,
      streamedOk: 0,
      fallbacks: 1,
      midStreamFailures: 0,
      ratio: null,
    });
    expect(series[2]).toMatchObject({ requested: 0, ratio: null });
  });

  it('rate-limit incidents by HTTP status, overloaded and retries', async () => {
    const series = await rateLimitSeries(query, db);
    expect(series.map(({ bucket: _bucket, ...values }) => values)).toEqual([
      { rateLimited429: 1, rateLimitedOther: 0, overloaded: 0, retries: 1 },
      { rateLimited429: 0, rateLimitedOther: 0, overloaded: 1, retries: 1 },
      { rateLimited429: 0, rateLimitedOther: 0, overloaded: 0, retries: 0 },
      { rateLimited429: 0, rateLimitedOther: 1, overloaded: 0, retries: 0 },
      { rateLimited429: 0, rateLimitedOther: 0, overloaded: 0, retries: 0 },
    ]);
  });

  it('cache hit ratio and cached tokens', async () => {
    const series = await cacheSeries(query, db);
    expect(series[0]).toEqual({
      bucket: buckets[0],
      inputTokens: 2000,
      cacheReadTokens: 600,
      cacheWriteTokens: 100,
      cacheReportedInputTokens: 2000,
      cacheNotReported: 0,
      hitRatio: 0.3,
    });
    // Neither success reported cache use: no ratio (not 0 %), and both are counted as not reported.
    expect(series[1]).toMatchObject({
      inputTokens: 700,
      cacheReadTokens: 0,
      cacheReportedInputTokens: 0,
      cacheNotReported: 2,
      hitRatio: null,
    });
    // Only failed attempts (no tokens): nothing to divide by.
    expect(series[3]).toMatchObject({ inputTokens: 0, hitRatio: null });
  });

  it('latency and TTFT percentiles over successful attempts', async () => {
    const series = await latencySeries(query, db);
    expect(series[0]).toEqual({ bucket: buckets[0], okCalls: 2, latencyP50: 1500, latencyP95: 1950, ttftP50: 300, ttftP95: 390 });
    expect(series[1]).toEqual({ bucket: buckets[1], okCalls: 2, latencyP50: 3500, latencyP95: 3950, ttftP50: null, ttftP95: null });
    expect(series[3]).toMatchObject({ okCalls: 0, latencyP50: null });
  });

  it('tokens and cost', async () => {
    const series = await tokenCostSeries(query, db);
    expect(series[0]).toMatchObject({ calls: 4, inputTokens: 2000, outputTokens: 150, reasoningTokens: 10 });
    expect(series[0]!.costUsd).toBeCloseTo(0.03, 10);
    expect(series[1]).toMatchObject({ calls: 3, inputTokens: 700, outputTokens: 30, costUsd: 0.005 });
    expect(series.reduce((sum, point) => sum + point.calls, 0)).toBe(8);
  });

  it('errors by kind over the window', async () => {
    expect(await errorsByKind(query, db)).toEqual([
      { errorKind: 'rate_limit', count: 2 },
      { errorKind: 'network', count: 1 },
      { errorKind: 'overloaded', count: 1 },
    ]);
  });

  it('filters by provider alone, by model, and returns the distinct provider/model pairs', async () => {
    const all = await tokenCostSeries({ ...query, model: undefined }, db);
    expect(all[4]).toMatchObject({ calls: 1, inputTokens: 10 });
    expect((await tokenCostSeries({ ...query, model: otherModel }, db)).reduce((sum, point) => sum + point.calls, 0)).toBe(1);
    expect(
      (await tokenCostSeries({ ...query, provider: `${provider}-none`, model: undefined }, db)).every((point) => point.calls === 0),
    ).toBe(true);

    const options = await filterOptions(db);
    expect(options.providers).toContain(provider);
    expect(options.models.filter((entry) => entry.provider === provider)).toEqual(
      [
        { provider, model },
        { provider, model: otherModel },
      ].sort((a, b) => a.model.localeCompare(b.model)),
    );
  });

  it('assembles every series of a window for the page and the API', async () => {
    const window = resolveWindow({ window: 'custom', from: base.toISOString(), to: at(300).toISOString(), provider, model });
    const data = await telemetryData(window, db);
    expect(data.window).toEqual({ kind: 'custom', from: base.toISOString(), to: at(300).toISOString(), bucketSeconds: 60 });
    expect(data.filters).toEqual({ provider, model });
    expect(data.totals.calls).toBe(8);
    expect(data.streaming).toHaveLength(5);
    expect(data.errorsByKind[0]).toEqual({ errorKind: 'rate_limit', count: 2 });
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});
