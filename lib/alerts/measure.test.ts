// Each metric's aggregate against the test database: known attempts at known times, one query per rule.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '@/lib/store/database';
import { measureRule, type MeasuredRule } from './measure';
import { deleteRunsWithRows } from '@/lib/store/testing/delete-runs';

let db: Database;
// A provider name of its own: other tests' calls in the shared database never match.
const provider = `measure-${randomBytes(4).toString('hex')}`;
/** Calls that ended in ways the error rate leaves out: user cancels, streaming refused then a successful fallback. */
const handled = `${provider}-handled`;
const now = new Date('2026-03-02T12:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

type Call = {
  model?: string;
  at: Date;
  status?: 'ok' | 'error';
  errorKind?: string;
  httpStatus?: number;
  stream?: [boolean, boolean];
  latencyMs?: number;
  costUsd?: number;
};

beforeAll(async () => {
  db = createDatabase(inject('databaseUrl'));
  const run = await db.run.create({
    data: { task: 'measure', profileName: 'p', provider, runtime: 'openai-chat', model: 'm1', profile: {} },
  });
  const turn = await db.turn.create({ data: { runId: run.id, index: 0 } });
  const calls: Call[] = [
    // In the 5-minute window: 6 on m1, 2 on m2.
    { at: ago(10), latencyMs: 100, costUsd: 0.01, stream: [true, true] },
    { at: ago(20), latencyMs: 200, costUsd: 0.01, stream: [true, true] },
    { at: ago(30), latencyMs: 1000, costUsd: 0.02, stream: [true, false] },
    { at: ago(40), status: 'error', errorKind: 'rate_limit', httpStatus: 429, stream: [true, true] },
    { at: ago(50), status: 'error', errorKind: 'rate_limit', httpStatus: 200, stream: [false, false] },
    { at: ago(60), status: 'error', errorKind: 'overloaded', httpStatus: 529 },
    { model: 'm2', at: ago(70), status: 'error', errorKind: 'server', httpStatus: 500 },
    { model: 'm2', at: ago(299), latencyMs: 50, costUsd: 0.06 },
    // Outside: exactly at the window's start is in, at `now` is out (half-open, like telemetry).
    { at: ago(300), latencyMs: 10 },
    { at: now, status: 'error', errorKind: 'rate_limit', httpStatus: 429 },
    { at: ago(301), status: 'error', errorKind: 'rate_limit', httpStatus: 429 },
  ];
  await db.providerCall.createMany({
    data: calls.map((call, index) => ({
      runId: run.id,
      turnId: turn.id,
      attempt: index + 1,
      runtime: 'openai-chat',
      provider,
      profileName: 'p',
      modelRequested: call.model ?? 'm1',
      streamRequested: call.stream?.[0] ?? false,
      streamActual: call.stream?.[1] ?? false,
      // A streaming attempt began its stream when it succeeded (none here failed after HTTP 200).
      streamStarted: (call.stream?.[1] ?? false) && (call.status ?? 'ok') === 'ok',
      status: call.status ?? 'ok',
      errorKind: call.errorKind ?? null,
      httpStatus: call.httpStatus ?? null,
      startedAt: call.at,
      latencyMs: call.latencyMs ?? null,
      costUsd: call.costUsd ?? null,
    })),
  });

  // Turn 0: streaming refused, then the non-streaming fallback succeeded → one ok call.
  // Turn 1: streaming refused, the fallback failed (server) → both failed attempts count.
  // Turn 2: a rate limit, then the person cancelled during the retry → the 429 counts, the cancel does not.
  // Turn 3: an ok call.
  const run2 = await db.run.create({
    data: { task: 'measure', profileName: 'p', provider: handled, runtime: 'openai-chat', model: 'm1', profile: {} },
  });
  const turns = await Promise.all([0, 1, 2, 3].map((index) => db.turn.create({ data: { runId: run2.id, index } })));
  const row = (turn: number, attempt: number, at: number, status: 'ok' | 'error', errorKind: string | null, streamActual: boolean) => ({
    runId: run2.id,
    turnId: turns[turn]!.id,
    attempt,
    runtime: 'openai-chat',
    provider: handled,
    profileName: 'p',
    modelRequested: 'm1',
    streamRequested: true,
    streamActual,
    streamStarted: streamActual && status === 'ok',
    status,
    errorKind,
    startedAt: ago(at),
    latencyMs: 10,
  });
  await db.providerCall.createMany({
    data: [
      row(0, 1, 100, 'error', 'stream_unsupported', true),
      row(0, 2, 99, 'ok', null, false),
      row(1, 1, 90, 'error', 'stream_unsupported', true),
      row(1, 2, 89, 'error', 'server', false),
      row(2, 1, 80, 'error', 'rate_limit', true),
      row(2, 2, 78, 'error', 'cancelled', true),
      row(3, 1, 70, 'ok', null, true),
    ],
  });
});

afterAll(async () => {
  await deleteRunsWithRows(db, { provider: { in: [provider, handled] } });
  await db.$disconnect();
});

const rule = (metric: MeasuredRule['metric'], scope: Partial<MeasuredRule> = {}): MeasuredRule => ({
  metric,
  provider,
  model: null,
  windowSeconds: 300,
  ...scope,
});

describe('measureRule', () => {
  it('counts rate-limit incidents as telemetry does: rate_limit (429 or a slow-down page) and overloaded', async () => {
    // ago(300) is in the window, `now` and ago(301) are not.
    expect(await measureRule(db, rule('rate_limit_incidents'), now)).toEqual({ value: 3, calls: 9, from: ago(300), to: now });
    expect(await measureRule(db, rule('rate_limit_incidents', { model: 'm2' }), now)).toMatchObject({ value: 0, calls: 2 });
    expect(await measureRule(db, rule('rate_limit_incidents', { windowSeconds: 45 }), now)).toMatchObject({ value: 1, calls: 4 });
  });

  it('error rate = failed attempts ÷ attempts, in percent', async () => {
    expect(await measureRule(db, rule('error_rate'), now)).toMatchObject({ value: (4 / 9) * 100, calls: 9 });
    expect(await measureRule(db, rule('error_rate', { model: 'm1' }), now)).toMatchObject({ value: (3 / 7) * 100, calls: 7 });
  });

  it('error rate leaves out cancelled attempts and streaming refusals answered by a successful fallback', async () => {
    // Counted: turn 0's fallback (ok), turn 1's two failures, turn 2's 429, turn 3 (ok) → 3 failed of 5.
    expect(await measureRule(db, rule('error_rate', { provider: handled }), now)).toMatchObject({ value: (3 / 5) * 100, calls: 5 });
    // The streaming metric still sees every refused stream, as the telemetry streaming chart does; the
    // 429 before any stream, the cancel and the non-streaming fallbacks are not streaming attempts.
    const streaming = await measureRule(db, rule('streaming_success', { provider: handled }), now);
    expect(streaming.calls).toBe(3);
    expect(streaming.value).toBeCloseTo((1 / 3) * 100, 10);
  });

  it('streaming success = streams that began and completed ÷ streams that began or were refused', async () => {
    const measured = await measureRule(db, rule('streaming_success'), now);
    // Requested: 10, 20, 30 (ran without streaming), 40 (a 429 before any stream began): only 10 and 20
    // began a stream, and both completed. A window whose only failures are 429s is 100 %.
    expect(measured.calls).toBe(2);
    expect(measured.value).toBeCloseTo(100, 10);
  });

  it('p95 latency over successful attempts', async () => {
    const measured = await measureRule(db, rule('p95_latency', { model: 'm1' }), now);
    expect(measured.calls).toBe(4);
    // percentile_cont over 10, 100, 200, 1000.
    expect(measured.value).toBeCloseTo(880, 6);
  });

  it('cost per hour scales the window to an hour', async () => {
    const measured = await measureRule(db, rule('cost_per_hour'), now);
    expect(measured.value).toBeCloseTo(0.1 * 12, 10);
  });

  it('quota headroom: the lowest of each series’ latest remaining % in the window, from the rate-limit samples', async () => {
    const run = await db.run.findFirstOrThrow({ where: { provider } });
    const sample = (seconds: number, dimension: string, remaining: number, model = 'm1', resetIn = 600) => ({
      runId: run.id,
      account: 'a1b2c3d4e5f60718',
      runtime: 'openai-chat',
      provider,
      model,
      dimension,
      limit: 1000n,
      remaining: BigInt(remaining),
      resetAt: new Date(ago(seconds).getTime() + resetIn * 1000),
      observedAt: ago(seconds),
      httpStatus: 200,
    });
    await db.rateLimitSample.createMany({
      data: [
        sample(200, 'tokens', 400),
        sample(100, 'tokens', 250),
        sample(20, 'requests', 900),
        // m2: 10 % but replenished 5 s after, long before now.
        sample(60, 'tokens', 100, 'm2', 5),
        // Outside the window.
        sample(301, 'tokens', 0),
      ],
    });
    expect(await measureRule(db, rule('quota_headroom'), now)).toEqual({ value: 25, calls: 4, from: ago(300), to: now });
    expect(await measureRule(db, rule('quota_headroom', { model: 'm2' }), now)).toMatchObject({ value: 100, calls: 1 });
    expect(await measureRule(db, rule('quota_headroom', { windowSeconds: 50 }), now)).toMatchObject({ value: 90, calls: 1 });
    expect(await measureRule(db, rule('quota_headroom', { provider: `${provider}-none` }), now)).toMatchObject({ value: null, calls: 0 });
  });

  it('no calls: no value', async () => {
    expect(await measureRule(db, rule('error_rate', { provider: `${provider}-none` }), now)).toMatchObject({ value: null, calls: 0 });
    expect(await measureRule(db, rule('cost_per_hour', { provider: `${provider}-none` }), now)).toMatchObject({ value: null, calls: 0 });
    expect(await measureRule(db, rule('rate_limit_incidents', { provider: `${provider}-none` }), now)).toMatchObject({
      value: 0,
      calls: 0,
    });
  });
});
