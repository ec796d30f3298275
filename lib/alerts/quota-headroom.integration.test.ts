// Integration: a key's quota drained on the simulator (drain_quota), through the queue, a worker,
// the conductor, the runtimes and Postgres. Each run's response headers become rate-limit samples
// whose remaining % falls run after run; the headroom chart forecasts when it runs out; a
// quota_headroom rule (< 50 %) fires before the first 429 — the point of the alert.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { startRun } from '@/lib/runs/start-run';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { quotaHeadroomSeries } from '@/lib/telemetry/quota-series';
import type { QuotaSeries } from '@/lib/telemetry/types';
import { startWorker, type WorkerHandle } from '@/lib/worker/worker';
import { useOwnDatabase } from '@/test/own-database';
import { waitForRun } from '@/test/wait-for-run';
import { evaluateAlerts } from './evaluator';
import { createSimulatorRule } from './testing/simulator-rule';

// Of its own: the simulator keeps a budget per key and model, so the runs must all go to this file's
// worker (and its simulator); no other file's evaluation may fire or resolve the rule.
const database = useOwnDatabase('switchboard_headroom');
let worker: WorkerHandle;
let db: Database;
const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
const tag = randomBytes(4).toString('hex');
// A model of its own: the simulator keeps a budget per key and model, and the rule and chart are scoped to it.
const model = `quota-drain-${tag}`;
const anthropicModel = `quota-drain-claude-${tag}`;
const started = new Date();
const ruleIds: string[] = [];

beforeAll(async () => {
  // No evaluator of its own: the test evaluates after each run, as a worker's timer would.
  worker = await startWorker({ databaseUrl: database.url(), concurrency: 1, alerts: { intervalMs: 0, env: {} } });
  db = createDatabase(database.url());
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  if (db) await closeDatabase(db);
});

async function run(profileName: string, runModel: string, scenario: string): Promise<string> {
  const result = await startRun(
    { profileName, task: 'Say hello. [[words:60]]', overrides: { model: runModel, simulatorScenario: scenario } },
    { db, boss: worker.boss, profiles },
  );
  if (!result.ok) throw new Error(JSON.stringify(result));
  await waitForRun(db, result.runId, 90_000);
  return result.runId;
}

/** One evaluation of every rule (the only evaluator: the worker's is off). */
async function evaluate() {
  const result = await evaluateAlerts(db, { env: {} });
  expect(result.status).toBe('evaluated');
  return result;
}

const windowOf = (runModel: string) => ({
  from: new Date(started.getTime() - 60_000),
  to: new Date(Date.now() + 60_000),
  bucketSeconds: 60,
  provider: 'simulator',
  model: runModel,
});

describe('quota headroom on a draining key', () => {
  it('remaining % falls run after run, the chart forecasts exhaustion, and the headroom alert fires before the first 429', async () => {
    const ruleId = await createSimulatorRule(db, ruleIds, 'Quota running low', model, {
      metric: 'quota_headroom',
      comparison: 'lt',
      threshold: '50',
      windowSeconds: '300',
    });

    const runIds: string[] = [];
    let forecastWhenFired: QuotaSeries | null = null;
    for (let i = 0; i < 20; i++) {
      runIds.push(await run('simulator-chat', model, 'drain_quota; rpm=1000; tpm=5000'));
      if (await db.providerCall.count({ where: { runId: { in: runIds }, httpStatus: 429 } })) break;
      await evaluate();
      if (!forecastWhenFired && (await db.alertIncident.count({ where: { ruleId: ruleId } }))) {
        forecastWhenFired = (await quotaHeadroomSeries(windowOf(model), db)).series.find((series) => series.dimension === 'tokens') ?? null;
      }
    }

    const first429 = await db.providerCall.findFirst({ where: { runId: { in: runIds }, httpStatus: 429 }, orderBy: { startedAt: 'asc' } });
    expect(first429, 'the drain reached a 429').not.toBeNull();
    expect(first429!.errorKind).toBe('rate_limit');

    // The samples before the 429: tokens falling with every run, under the account's fingerprint.
    const samples = await db.rateLimitSample.findMany({
      where: { model, dimension: 'tokens', observedAt: { lt: first429!.startedAt } },
      orderBy: { observedAt: 'asc' },
    });
    expect(samples.length).toBeGreaterThanOrEqual(3);
    // (Once spent, a run admitted after a second's refill may leave it at 0 again.)
    const remaining = samples.map((sample) => Number(sample.remaining));
    expect(
      remaining.every((value, index) => index === 0 || value < remaining[index - 1]! || value === 0),
      remaining.join(' > '),
    ).toBe(true);
    expect(remaining.filter((value) => value > 0).length).toBeGreaterThanOrEqual(3);
    expect(
      samples.every(
        (sample) =>
          sample.limit === 5000n &&
          /^[0-9a-f]{16}$/.test(sample.account) &&
          sample.provider === 'simulator' &&
          sample.runtime === 'openai-chat',
      ),
    ).toBe(true);
    expect(new Set(samples.map((sample) => sample.account)).size).toBe(1);
    // The refusal itself is a sample too: nothing left, replenished by its reset.
    const refusal = await db.rateLimitSample.findFirst({ where: { model, dimension: 'tokens', httpStatus: 429 } });
    expect(refusal).toMatchObject({ remaining: 0n });
    expect(refusal!.resetAt!.getTime()).toBeGreaterThan(refusal!.observedAt.getTime());

    // The alert fired on a run before the first 429, with the headroom it saw.
    const incident = await db.alertIncident.findFirstOrThrow({ where: { ruleId: ruleId }, orderBy: { firedAt: 'asc' } });
    expect(incident.firedAt.getTime()).toBeLessThan(first429!.startedAt.getTime());
    expect(incident.value).toBeLessThan(50);
    expect(incident.calls).toBeGreaterThanOrEqual(1);

    // When it fired, the chart already forecast the exhaustion that came.
    expect(forecastWhenFired?.forecast, 'a forecast when the alert fired').not.toBeNull();
    const forecast = forecastWhenFired!.forecast!;
    expect(forecast.pctPerMinute).toBeGreaterThan(0);
    expect(Date.parse(forecast.exhaustsAt)).toBeGreaterThanOrEqual(Date.parse(forecastWhenFired!.latest.at));
    expect(forecastWhenFired!.latest.remainingPct).toBeLessThan(50);

    // The chart of the whole window: the falling series, and the 429 overlaid.
    const quota = await quotaHeadroomSeries(windowOf(model), db);
    const tokens = quota.series.find((series) => series.dimension === 'tokens')!;
    expect(tokens.label).toMatch(/^openai-chat [0-9a-f]{8} · quota-drain-[0-9a-f]+ · tokens$/);
    expect(tokens.lowestPct).toBe(0);
    expect(quota.points.reduce((sum, point) => sum + point.rateLimited429, 0)).toBeGreaterThanOrEqual(1);
  }, 240_000);

  it('Anthropic: four dimensions per response, output tokens falling', async () => {
    // Output tokens replenish 500 a minute (8 a second): each run's ~130 take more than comes back
    // unless 15 s pass between two runs; the three stay within the 500.
    for (let i = 0; i < 3; i++) await run('simulator-anthropic', anthropicModel, 'drain_quota; rpm=1000; tpm=20000; otpm=500');
    const samples = await db.rateLimitSample.findMany({ where: { model: anthropicModel }, orderBy: { observedAt: 'asc' } });
    expect(new Set(samples.map((sample) => sample.dimension))).toEqual(new Set(['requests', 'tokens', 'input-tokens', 'output-tokens']));
    const output = samples.filter((sample) => sample.dimension === 'output-tokens');
    expect(output.length).toBeGreaterThanOrEqual(3);
    expect(output.every((sample) => sample.limit === 500n && sample.resetAt !== null)).toBe(true);
    const remaining = output.map((sample) => Number(sample.remaining));
    expect(
      remaining.every((value, index) => index === 0 || value < remaining[index - 1]!),
      remaining.join(' > '),
    ).toBe(true);
  }, 120_000);
});
