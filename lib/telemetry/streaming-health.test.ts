// Streaming health that means what it says, on real runs: the simulator, a worker, the conductor,
// the runtimes and Postgres. A 429 page before any stream began is "not started", not a streaming
// failure; a stream cut after it began is one; a cancel is neither; an attempt that did not report
// its cache use stays out of the hit ratio and is counted as not reported.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema, type ProviderProfile } from '@/lib/config/profile-schema';
import { cancelRun } from '@/lib/runs/run-control';
import { startRun } from '@/lib/runs/start-run';
import type { Database } from '@/lib/store/database';
import { useOwnDatabase } from '@/test/own-database';
import { waitForRun } from '@/test/wait-for-run';
import { waitUntil } from '@/test/wait-until';
import { startWorker, type WorkerHandle } from '@/lib/worker/worker';
import { cacheSeries, errorsByKind, notStartedByKind, streamingSeries, tokenCostSeries } from './queries';
import { summarizeCache, summarizeStreaming, summarizeTokens } from './summary';
import type { TelemetryQuery } from './window';

// Of its own: its worker takes only this file's runs, and no other file's worker takes them.
const database = useOwnDatabase('switchboard_health');
let worker: WorkerHandle;
let db: Database;
const tag = randomBytes(4).toString('hex');
const builtin = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));

/** A Simulator profile with a model name of this file alone, so the window (filtered by model) holds only its calls. */
function ownProfile(base: string, name: string): ProviderProfile {
  const profile = builtin.find((candidate) => candidate.name === base)!;
  return providerProfileSchema.parse({ ...profile, name, model: `${profile.model}-${name}` });
}

const rateLimited = `health-429-${tag}`;
const cut = `health-cut-${tag}`;
const anthropic = `health-anthropic-${tag}`;
const profiles = [
  ...builtin,
  ownProfile('simulator-chat', rateLimited),
  ownProfile('simulator-chat', cut),
  ownProfile('simulator-anthropic', anthropic),
];
const modelOf = (name: string) => profiles.find((profile) => profile.name === name)!.model;
const started = new Date();

beforeAll(async () => {
  worker = await startWorker({ databaseUrl: database.url(), concurrency: 4 });
  db = worker.db;
}, 60_000);
afterAll(async () => {
  await worker?.stop();
});

async function run(profileName: string, scenario: string | null, task = 'Say hello.') {
  const result = await startRun(
    { profileName, task, overrides: scenario ? { simulatorScenario: scenario } : {} },
    { db, boss: worker.boss, profiles },
  );
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.runId;
}

function windowOf(profileName: string): TelemetryQuery {
  return {
    from: new Date(started.getTime() - 60_000),
    to: new Date(Date.now() + 60_000),
    bucketSeconds: 3600,
    provider: 'simulator',
    model: modelOf(profileName),
  };
}

describe('streaming health on real runs', () => {
  it('a window whose only failures are 429 pages before any stream began has a streaming success ratio of 100 %', async () => {
    const ids = [
      await run(rateLimited, 'rate_limit_html; times=1; retry_after=1'),
      await run(rateLimited, 'rate_limit_json; times=2; retry_after=1'),
    ];
    for (const id of ids) expect((await waitForRun(db, id)).status).toBe('succeeded');
    const calls = await db.providerCall.findMany({ where: { runId: { in: ids } }, orderBy: [{ startedAt: 'asc' }] });
    expect(calls.filter((call) => call.errorKind === 'rate_limit').every((call) => call.streamActual && !call.streamStarted)).toBe(true);

    const query = windowOf(rateLimited);
    const streaming = summarizeStreaming(await streamingSeries(query, db));
    expect(streaming).toMatchObject({ requested: 5, counted: 2, streamedOk: 2, midStreamFailures: 0, notStarted: 3, ratio: 1 });
    expect(await notStartedByKind(query, db)).toEqual([{ errorKind: 'rate_limit', count: 3 }]);
    // They are still errors of their kind: the rate-limit and error charts show them.
    expect(await errorsByKind(query, db)).toEqual([{ errorKind: 'rate_limit', count: 3 }]);
  }, 60_000);

  it('a stream cut after it began lowers the ratio; a cancel is neither an error nor a streaming failure', async () => {
    const broken = await run(cut, 'cut_midstream');
    const healthy = await run(cut, null);
    expect((await waitForRun(db, broken)).status).toBe('failed');
    expect((await waitForRun(db, healthy)).status).toBe('succeeded');
    // 200 words 400 ms apart: still streaming when the cancel comes, however late the worker sees it.
    const slow = await run(cut, 'slow_stream; ms=400', 'Tell me a long story. [[words:200]]');
    await waitUntil('the slow stream to begin', () => db.runEvent.findFirst({ where: { runId: slow, type: 'text-delta' } }), 20_000);
    expect(await cancelRun(slow, { db })).toMatchObject({ ok: true });
    expect((await waitForRun(db, slow)).status).toBe('cancelled');

    const query = windowOf(cut);
    const streaming = summarizeStreaming(await streamingSeries(query, db));
    expect(streaming).toMatchObject({ counted: 2, streamedOk: 1, midStreamFailures: 1, cancelled: 1, ratio: 0.5 });
    const kinds = await errorsByKind(query, db);
    expect(kinds.map((entry) => entry.errorKind)).not.toContain('cancelled');
    expect(summarizeTokens(await tokenCostSeries(query, db)).cancelledCalls).toBe(1);
  }, 60_000);

  it('an attempt with no cache report leaves the hit ratio unchanged and is counted as not reported', async () => {
    // Anthropic reports cache reads and writes; a Chat Completions attempt reports reads, never writes;
    // a failed attempt reports nothing.
    const id = await run(anthropic, null);
    expect((await waitForRun(db, id)).status).toBe('succeeded');
    const query = windowOf(anthropic);
    const before = summarizeCache(await cacheSeries(query, db));
    expect(before.cacheNotReported).toBe(0);
    expect(before.hitRatio).not.toBeNull();

    // A successful attempt whose provider reported no cache use (e.g. a proxy that drops the field).
    const [call] = await db.providerCall.findMany({ where: { runId: id }, take: 1 });
    const { id: _id, recordedAt: _recordedAt, rateLimit: _rateLimit, chainState: _chainState, ...copy } = call!;
    await db.providerCall.create({
      data: { ...copy, attempt: 9, inputTokens: 50_000, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null },
    });
    const after = summarizeCache(await cacheSeries(query, db));
    expect(after.hitRatio).toBe(before.hitRatio);
    expect(after.cacheNotReported).toBe(1);
    expect(after.inputTokens).toBe(before.inputTokens + 50_000);

    const calls = await db.providerCall.findMany({ where: { runId: id, attempt: { lt: 9 } } });
    expect(calls.every((row) => row.reasoningTokens === null)).toBe(true);
    expect(calls.every((row) => row.cacheReadTokens !== null && row.cacheWriteTokens !== null)).toBe(true);
  }, 60_000);
});
