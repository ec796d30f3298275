// Cost audit on a real run: the Simulator's OpenRouter reports what each call cost (`usage.cost`),
// our estimate comes from the profile's own price; both are stored per attempt, summed per run, and
// the telemetry shows how far apart they are. A model with no price has no cost, never $0.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema, type ProviderProfile } from '@/lib/config/profile-schema';
import { getRunDetail } from '@/lib/runs/run-detail';
import { startRun } from '@/lib/runs/start-run';
import type { Database } from '@/lib/store/database';
import { startWorker, type WorkerHandle } from '@/lib/worker/worker';
import { useOwnDatabase } from '@/test/own-database';
import { waitForRun } from '@/test/wait-for-run';
import { tokenCostSeries } from './queries';
import { summarizeTokens } from './summary';

// Of its own: its worker takes only this file's runs, and no other file's worker takes them.
const database = useOwnDatabase('switchboard_cost');
let worker: WorkerHandle;
let db: Database;
const tag = randomBytes(4).toString('hex');
const builtin = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
const openrouter = builtin.find((profile) => profile.name === 'simulator-openrouter')!;
/** Our price says output costs $12 / M; the Simulator's OpenRouter bills $15 / M: the reported cost is higher. */
const priced: ProviderProfile = providerProfileSchema.parse({
  ...openrouter,
  name: `cost-priced-${tag}`,
  model: `anthropic/sim-claude-cost-${tag}`,
  price: { input: 3, output: 12, cacheRead: 0.3, cacheWrite5m: 3.75, source: 'test contract', asOf: '2026-12-01' },
});
/** A model no table lists and the profile does not price. */
const unpriced: ProviderProfile = providerProfileSchema.parse({
  ...builtin.find((profile) => profile.name === 'simulator-chat')!,
  name: `cost-unpriced-${tag}`,
  model: `sim-gpt-unpriced-${tag}`,
});
const profiles = [...builtin, priced, unpriced];

beforeAll(async () => {
  worker = await startWorker({ databaseUrl: database.url(), concurrency: 2 });
  db = worker.db;
}, 60_000);
afterAll(async () => {
  await worker?.stop();
});

async function finishedRun(profileName: string): Promise<string> {
  const started = await startRun(
    { profileName, task: 'Use list_files {} and tell me what is there.' },
    { db, boss: worker.boss, profiles },
  );
  if (!started.ok) throw new Error(JSON.stringify(started));
  expect((await waitForRun(db, started.runId)).status).toBe('succeeded');
  return started.runId;
}

describe('cost audit', () => {
  it('stores the OpenRouter-reported cost apart from our estimate, per call and per run, and telemetry shows the drift', async () => {
    const from = new Date(Date.now() - 60_000);
    const runId = await finishedRun(priced.name);
    const calls = await db.providerCall.findMany({ where: { runId } });
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.costUsd, 'our estimate').not.toBeNull();
      expect(call.providerCostUsd, 'the reported cost').not.toBeNull();
      expect(Number(call.providerCostUsd)).toBeGreaterThan(Number(call.costUsd));
    }
    const estimate = calls.reduce((sum, call) => sum + Number(call.costUsd), 0);
    const reported = calls.reduce((sum, call) => sum + Number(call.providerCostUsd), 0);

    const detail = (await getRunDetail(db, runId))!;
    expect(detail.run.costUsd).toBeCloseTo(estimate, 8);
    expect(detail.run.providerCostUsd).toBeCloseTo(reported, 8);
    expect(detail.turns.flatMap((turn) => turn.calls).every((call) => call.providerCostUsd !== null && call.costUsd !== null)).toBe(true);

    const tokens = summarizeTokens(
      await tokenCostSeries(
        { from, to: new Date(Date.now() + 60_000), bucketSeconds: 3600, provider: 'simulator', model: priced.model },
        db,
      ),
    );
    expect(tokens.costUsd).toBeCloseTo(estimate, 8);
    expect(tokens.providerCostUsd).toBeCloseTo(reported, 8);
    expect(tokens.costDrift).toBeCloseTo((reported - estimate) / estimate, 8);
    expect(tokens.costDrift!).toBeGreaterThan(0);
  }, 60_000);

  it('a model with no price has no cost (null, "no price"), never $0', async () => {
    const from = new Date(Date.now() - 60_000);
    const runId = await finishedRun(unpriced.name);
    const calls = await db.providerCall.findMany({ where: { runId } });
    expect(calls.every((call) => call.costUsd === null && call.providerCostUsd === null)).toBe(true);
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.costUsd).toBeNull();
    expect(run.inputTokens).toBeGreaterThan(0);
    const tokens = summarizeTokens(
      await tokenCostSeries(
        { from, to: new Date(Date.now() + 60_000), bucketSeconds: 3600, provider: 'simulator', model: unpriced.model },
        db,
      ),
    );
    expect(tokens).toMatchObject({ costUsd: 0, unpricedCalls: calls.length, costDrift: null });
  }, 60_000);
});
