// Integration: the quota headroom reads (chart and alert value) against the test database, on known
// samples at known times. Other test files share the database: every row carries a provider of this
// file alone, and every query filters on it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { headroomNow } from './headroom';
import { QUOTA_MAX_SERIES, quotaHeadroomSeries } from './quota-series';
import type { TelemetryQuery } from './window';
import { deleteRunsWithRows } from '@/lib/store/testing/delete-runs';

const db = createDatabase(inject('databaseUrl'));
const provider = `quota-test-${randomBytes(4).toString('hex')}`;
const base = new Date('2026-01-05T10:00:00.000Z');
const at = (seconds: number) => new Date(base.getTime() + seconds * 1000);
const query: TelemetryQuery = { from: base, to: at(300), bucketSeconds: 60, provider };
let runId = '';

type Sample = {
  second: number;
  account?: string;
  model?: string;
  dimension?: string;
  limit?: number | null;
  remaining?: number | null;
  resetIn?: number;
};

const samples: Sample[] = [
  // Account A, tokens: falls 10 points every 10 s from 90 % (10:00:00 … 10:01:20), then stops.
  ...[0, 10, 20, 30, 40, 50, 60, 70, 80].map((second, index) => ({ second, limit: 1000, remaining: 900 - index * 100, resetIn: 60 })),
  // Account A, requests: flat at 98 %.
  { second: 5, dimension: 'requests', limit: 50, remaining: 49, resetIn: 1 },
  { second: 65, dimension: 'requests', limit: 50, remaining: 49, resetIn: 1 },
  // Account B, tokens on another model: 50 %, whole again at 10:03:50.
  { second: 130, account: 'bbbbbbbbbbbbbbbb', model: 'm2', limit: 1000, remaining: 500, resetIn: 100 },
  // No share to chart: no limit, or no remaining.
  { second: 140, account: 'cccccccccccccccc', limit: null, remaining: 10 },
  { second: 150, account: 'cccccccccccccccc', limit: 100, remaining: null },
  // Outside the window.
  { second: 300, remaining: 0, limit: 1000 },
  { second: -1, remaining: 0, limit: 1000 },
];

beforeAll(async () => {
  const run = await db.run.create({
    data: { task: 'quota', profileName: 'p', provider, runtime: 'openai-chat', model: 'm1', profile: {} },
  });
  runId = run.id;
  const turn = await db.turn.create({ data: { runId, index: 0 } });
  await db.rateLimitSample.createMany({
    data: samples.map((sample) => ({
      runId,
      account: sample.account ?? 'aaaaaaaaaaaaaaaa',
      runtime: 'openai-chat',
      provider,
      model: sample.model ?? 'm1',
      dimension: sample.dimension ?? 'tokens',
      limit: sample.limit == null ? null : BigInt(sample.limit),
      remaining: sample.remaining == null ? null : BigInt(sample.remaining),
      resetAt: sample.resetIn === undefined ? null : at(sample.second + sample.resetIn),
      observedAt: at(sample.second),
      httpStatus: 200,
    })),
  });
  // Two 429s with retry-after 5 s and 3 s (overlapping: one cooldown), an overload, a 429 outside.
  const call = (second: number, errorKind: string, httpStatus: number, retryAfterMs: number | null, attempt: number) => ({
    runId,
    turnId: turn.id,
    attempt,
    runtime: 'openai-chat',
    provider,
    profileName: 'p',
    modelRequested: 'm1',
    streamRequested: false,
    streamActual: false,
    streamStarted: false,
    status: 'error' as const,
    errorKind,
    httpStatus,
    retryAfterMs,
    startedAt: at(second),
    endedAt: at(second),
    latencyMs: 10,
  });
  await db.providerCall.createMany({
    data: [
      call(90, 'rate_limit', 429, 5000, 1),
      call(93, 'rate_limit', 429, 3000, 2),
      call(100, 'overloaded', 529, 1000, 3),
      call(400, 'rate_limit', 429, 1000, 4),
    ],
  });
});

afterAll(async () => {
  await deleteRunsWithRows(db, { id: runId });
  await db.$disconnect();
});

describe('quota headroom chart', () => {
  it('one series per account, model and dimension with a share, least headroom first; the lowest remaining % per bucket', async () => {
    const quota = await quotaHeadroomSeries(query, db);
    expect(quota.seriesInWindow).toBe(3);
    expect(quota.series.map((series) => [series.key, series.lowestPct, series.samples])).toEqual([
      ['aaaaaaaaaaaaaaaa|m1|tokens', 10, 9],
      ['bbbbbbbbbbbbbbbb|m2|tokens', 50, 1],
      ['aaaaaaaaaaaaaaaa|m1|requests', 98, 2],
    ]);
    expect(quota.series[0]).toMatchObject({
      account: 'aaaaaaaaaaaaaaaa',
      runtime: 'openai-chat',
      provider,
      model: 'm1',
      dimension: 'tokens',
      label: 'openai-chat aaaaaaaa · m1 · tokens',
      latest: { at: at(80).toISOString(), remainingPct: 10, remaining: 100, limit: 1000, resetAt: at(140).toISOString() },
    });
    expect(quota.points.map((point) => point.bucket)).toEqual([0, 60, 120, 180, 240].map((second) => at(second).toISOString()));
    expect(quota.points.map((point) => point.remaining)).toEqual([
      { 'aaaaaaaaaaaaaaaa|m1|tokens': 40, 'bbbbbbbbbbbbbbbb|m2|tokens': null, 'aaaaaaaaaaaaaaaa|m1|requests': 98 },
      { 'aaaaaaaaaaaaaaaa|m1|tokens': 10, 'bbbbbbbbbbbbbbbb|m2|tokens': null, 'aaaaaaaaaaaaaaaa|m1|requests': 98 },
      { 'aaaaaaaaaaaaaaaa|m1|tokens': null, 'bbbbbbbbbbbbbbbb|m2|tokens': 50, 'aaaaaaaaaaaaaaaa|m1|requests': null },
      { 'aaaaaaaaaaaaaaaa|m1|tokens': null, 'bbbbbbbbbbbbbbbb|m2|tokens': null, 'aaaaaaaaaaaaaaaa|m1|requests': null },
      { 'aaaaaaaaaaaaaaaa|m1|tokens': null, 'bbbbbbbbbbbbbbbb|m2|tokens': null, 'aaaaaaaaaaaaaaaa|m1|requests': null },
    ]);
  });

  it('forecasts a falling quota from its recent rate, and none for a flat one', async () => {
    const quota = await quotaHeadroomSeries(query, db);
    const [tokens, other, requests] = quota.series;
    // 10 points every 10 s = 60 points a minute; 10 % left at 10:01:20 → 10 s later.
    expect(tokens!.forecast).toEqual({ exhaustsAt: at(90).toISOString(), pctPerMinute: 60, samples: 9, since: at(0).toISOString() });
    expect(other!.forecast).toBeNull();
    expect(requests!.forecast).toBeNull();
  });

  it('overlays the scope’s 429s per bucket and its cooldowns (retry-after), merged where they overlap', async () => {
    const quota = await quotaHeadroomSeries(query, db);
    expect(quota.points.map((point) => point.rateLimited429)).toEqual([0, 2, 0, 0, 0]);
    expect(quota.cooldowns).toEqual([{ from: at(90).toISOString(), to: at(96).toISOString(), provider, model: 'm1', refusals: 2 }]);
    expect(quota.points.map((point) => point.cooldownSeconds)).toEqual([0, 6, 0, 0, 0]);
  });

  it('draws each forecast from its latest sample; buckets after the window carry the projection only', async () => {
    const inWindow = await quotaHeadroomSeries(query, db);
    // Exhausted (at 10:01:30) before the window ends: drawn in the latest sample's bucket only, no bucket added.
    expect(inWindow.points.map((point) => [point.projected, point.forecast['aaaaaaaaaaaaaaaa|m1|tokens']])).toEqual([
      [false, null],
      [false, 10],
      [false, null],
      [false, null],
      [false, null],
    ]);
    // A window ending at 10:00:45 in 5-second buckets: 50 % at 10:00:40, falling 1 point a second
    // (each bucket drawn at its end).
    const early = await quotaHeadroomSeries({ from: base, to: at(45), bucketSeconds: 5, provider }, db);
    const tokens = early.series.find((series) => series.dimension === 'tokens')!;
    expect(tokens.forecast).toMatchObject({ exhaustsAt: at(90).toISOString(), pctPerMinute: 60 });
    const drawn = early.points.filter((point) => point.forecast[tokens.key] !== null);
    expect(drawn.map((point) => [point.bucket, point.projected, point.forecast[tokens.key]])).toEqual([
      [at(40).toISOString(), false, 50],
      // A quarter of the window's 9 buckets, rounded up.
      [at(45).toISOString(), true, 40],
      [at(50).toISOString(), true, 35],
      [at(55).toISOString(), true, 30],
    ]);
    expect(
      early.points
        .filter((point) => point.projected)
        .every((point) => Object.values(point.remaining).every((value) => value === null) && point.rateLimited429 === 0),
    ).toBe(true);
  });

  it('filters by model, and keeps at most QUOTA_MAX_SERIES series', async () => {
    const quota = await quotaHeadroomSeries({ ...query, model: 'm2' }, db);
    expect(quota.series.map((series) => series.key)).toEqual(['bbbbbbbbbbbbbbbb|m2|tokens']);
    expect(quota.cooldowns).toEqual([]);
    expect(QUOTA_MAX_SERIES).toBe(6);
    const empty = await quotaHeadroomSeries({ ...query, provider: `${provider}-none` }, db);
    expect(empty).toMatchObject({ series: [], seriesInWindow: 0, cooldowns: [] });
    expect(empty.points).toHaveLength(5);
  });
});

describe('headroom now (the alert value)', () => {
  it('the lowest of each series’ latest sample in the window; a quota whose reset passed counts as 100 %', async () => {
    // At 10:01:21: A tokens 10 % (reset at 10:02:20), A requests 98 % (reset passed → 100), B not yet sampled.
    expect(await headroomNow(db, { from: base, to: at(81), provider })).toEqual({ samples: 11, value: 10 });
    // At 10:02:21 A tokens' reset (10:02:20) has passed: B's 50 % is the lowest.
    expect(await headroomNow(db, { from: base, to: at(141), provider })).toEqual({ samples: 12, value: 50 });
    expect(await headroomNow(db, { from: base, to: at(231), provider })).toEqual({ samples: 12, value: 100 });
    expect(await headroomNow(db, { from: at(200), to: at(250), provider })).toEqual({ samples: 0, value: null });
    expect(await headroomNow(db, { from: base, to: at(81), provider, model: 'm2' })).toEqual({ samples: 0, value: null });
  });
});
