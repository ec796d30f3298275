// Integration: a simulator rate-limit storm through the queue, a worker and the conductor, with an
// alert rule on rate-limit incidents evaluated by that worker every 500 ms. The rule fires, a local
// webhook receiver (failing once, to prove the retry) gets "firing", the page's server function
// shows the incident and the runs behind it, and after the storm the rule resolves ("resolved").
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { startRun } from '@/lib/runs/start-run';
import { startWorker, type WorkerHandle } from '@/lib/worker/worker';
import { listRuns, parseRunListParams } from '@/lib/runs/list-runs';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { evaluateAlerts } from './evaluator';
import { alertsOverview, createAlertRule, setAlertRuleEnabled } from './rules';
import { startWebhookReceiver, type WebhookReceiver } from './test-receiver';
import { createSimulatorRule } from './testing/simulator-rule';
import { useOwnDatabase } from '@/test/own-database';

// Of its own: an evaluation reads every rule and incident of its database — another file's rules
// would fire and resolve in this file's evaluations, and its evaluators in this file's.
const database = useOwnDatabase('switchboard_alerts');
let worker: WorkerHandle;
let db: Database;
let receiver: WebhookReceiver;
const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
// A model of its own: the rules are scoped to it, so other tests' calls in the shared test database do not count.
const model = `alerts-storm-${randomBytes(4).toString('hex')}`;
const ruleIds: string[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver({ failFirst: [500] });
  worker = await startWorker({
    databaseUrl: database.url(),
    concurrency: 6,
    alerts: { intervalMs: 500, delivery: { attempts: 4, backoffMs: 100, timeoutMs: 2_000 }, env: {} },
  });
  db = createDatabase(database.url());
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  if (db) await closeDatabase(db);
  await receiver?.close();
});

async function waitForRuns(runIds: string[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await db.run.count({ where: { id: { in: runIds }, status: { in: ['queued', 'running'] } } });
    if (!open) return;
    if (Date.now() > deadline) throw new Error(`${open} runs still open`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('alerts during a rate-limit storm', () => {
  it('fire, reach the webhook after one failed attempt, show on the page with their runs, and resolve afterwards', async () => {
    const ruleId = await createSimulatorRule(db, ruleIds, 'Storm on the simulator', model, {
      metric: 'rate_limit_incidents',
      comparison: 'gte',
      threshold: '4',
      windowSeconds: '5',
      webhookUrl: receiver.url,
    });

    const runIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const started = await startRun(
        {
          profileName: 'simulator-chat',
          task: `Storm run ${i}: say hello.`,
          overrides: {
            model,
            simulatorScenario: i % 2 ? 'rate_limit_html; times=2; retry_after=0' : 'rate_limit_json; times=2; retry_after=0',
          },
        },
        { db, boss: worker.boss, profiles },
      );
      if (!started.ok) throw new Error(JSON.stringify(started));
      runIds.push(started.runId);
    }
    await waitForRuns(runIds);
    const rateLimited = await db.providerCall.count({ where: { runId: { in: runIds }, errorKind: 'rate_limit' } });
    expect(rateLimited).toBe(12);

    const firing = await receiver.waitFor((hook) => hook.body.event === 'firing', 20_000);
    expect(firing.body).toMatchObject({
      event: 'firing',
      rule: { id: ruleId, name: 'Storm on the simulator' },
      metric: 'rate_limit_incidents',
      threshold: 4,
      comparison: 'gte',
      scope: { provider: 'simulator', model },
      consoleUrl: null,
    });
    expect(firing.body.value as number).toBeGreaterThanOrEqual(4);
    expect((firing.body.window as { seconds: number }).seconds).toBe(5);
    expect(firing.body.runsPath).toMatch(
      /^\/runs\?from=.+&to=.+&provider=simulator&model=alerts-storm-[0-9a-f]+&hasErrors=1&errorKind=rate_limit$/,
    );
    // The first POST was refused (500) and retried.
    expect(receiver.received[0]!.body.event).toBe('firing');
    const firingPosts = receiver.received.filter((hook) => hook.body.event === 'firing');
    expect(firingPosts).toHaveLength(2);
    // The retry is the same notification: same bytes, same delivery id (receivers deduplicate on it).
    expect(firingPosts[1]!.raw).toBe(firingPosts[0]!.raw);
    expect(firingPosts.map((hook) => hook.headers['x-switchboard-delivery'])).toEqual([
      `${firing.body.incidentId}:firing`,
      `${firing.body.incidentId}:firing`,
    ]);

    // What the /alerts page shows (the same server function).
    const incident = await db.alertIncident.findFirstOrThrow({ where: { ruleId: ruleId } });
    let overview = await alertsOverview(db, { env: {} });
    // Listed once: under firing while it fires, under the resolved ones afterwards.
    const listedOnce = () => [...overview.firing, ...overview.recent].filter((entry) => entry.id === incident.id);
    expect(listedOnce()).toHaveLength(1);
    const shown = listedOnce()[0]!;
    // Only 429s in this storm: no "Overloaded runs" link.
    expect(shown.runsLinks.map((link) => link.label)).toEqual(['Rate-limited runs']);
    expect(shown).toMatchObject({
      ruleName: 'Storm on the simulator',
      metric: 'rate_limit_incidents',
      threshold: 4,
      provider: 'simulator',
      model,
      windowSeconds: 5,
    });
    expect(shown.value).toBeGreaterThanOrEqual(4);
    expect(shown.runsLinks[0]!.href).toBe(firing.body.runsPath);
    await worker.alerts.idle();
    overview = await alertsOverview(db, { env: {} });
    const firingDeliveries = listedOnce()[0]!.deliveries.filter((delivery) => delivery.event === 'firing');
    expect(firingDeliveries.map((delivery) => [delivery.attempt, delivery.status, delivery.httpStatus])).toEqual([
      [1, 'failed', 500],
      [2, 'delivered', 204],
    ]);
    expect(firingDeliveries[0]!.error).toContain('HTTP 500');
    expect(firingDeliveries.every((delivery) => delivery.durationMs >= 0 && delivery.target.startsWith('http://127.0.0.1:'))).toBe(true);
    // The webhook URL is a secret: the page data holds its masked form only.
    expect(JSON.stringify(overview)).not.toContain('secret-token-abc123');
    expect(overview.rules.find((rule) => rule.id === ruleId)!.webhook).toEqual({
      source: 'rule',
      masked: `${new URL(receiver.url).origin}/…`,
    });

    // The evidence opens exactly the runs behind the incident.
    const params = parseRunListParams(Object.fromEntries(new URL(shown.runsLinks[0]!.href, 'http://x').searchParams));
    if (!params.ok) throw new Error(params.message);
    const listed = await listRuns(db, params.params);
    expect(listed.runs.map((run) => run.id).sort()).toEqual([...runIds].sort());

    // After the storm the window empties of incidents: resolved, and the receiver hears it.
    const resolvedHook = await receiver.waitFor((hook) => hook.body.event === 'resolved', 20_000);
    expect(resolvedHook.body).toMatchObject({ event: 'resolved', incidentId: incident.id, rule: { id: ruleId } });
    expect(resolvedHook.body.resolvedAt).toEqual(expect.any(String));
    const closed = await db.alertIncident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(closed.resolvedAt).not.toBeNull();
    expect(closed.openRuleId).toBeNull();
    overview = await alertsOverview(db, { env: {} });
    expect(overview.firing.some((entry) => entry.ruleId === ruleId)).toBe(false);
    expect(overview.recent.filter((entry) => entry.id === incident.id)).toHaveLength(1);
    expect(overview.rules.find((rule) => rule.id === ruleId)!.firingSince).toBeNull();
    // Fired once, resolved once: no flapping.
    expect(await db.alertIncident.count({ where: { ruleId: ruleId } })).toBe(1);
    // Each notification went through the outbox, written with the incident change, and ended delivered.
    await worker.alerts.idle();
    const outbox = await db.alertNotification.findMany({ where: { incidentId: incident.id }, orderBy: { createdAt: 'asc' } });
    expect(outbox.map((row) => [row.event, row.status])).toEqual([
      ['firing', 'delivered'],
      ['resolved', 'delivered'],
    ]);
  }, 120_000);

  it('two evaluators at once open one incident', async () => {
    // The worker's timer must not take part: only the two evaluators below run.
    await worker.alerts.stop();
    // The storm rule would fire again at a time inside the storm: only the new rule takes part.
    await setAlertRuleEnabled(db, ruleIds[0], false);
    const last = await db.providerCall.findFirstOrThrow({ where: { modelRequested: model }, orderBy: { startedAt: 'desc' } });
    const now = new Date(last.startedAt.getTime() + 1);
    const ruleId = await createSimulatorRule(db, ruleIds, 'Any rate limit on the storm model', model, {
      metric: 'rate_limit_incidents',
      comparison: 'gte',
      threshold: 1,
      windowSeconds: 600,
    });
    const other = createDatabase(database.url());
    try {
      const results = await Promise.all([
        evaluateAlerts(db, { now, env: {} }),
        evaluateAlerts(other, { now, env: {} }),
        evaluateAlerts(other, { now, env: {} }),
      ]);
      const fired = results.flatMap((result) => (result.status === 'evaluated' ? result.fired : []));
      expect(fired).toHaveLength(1);
      expect(results.some((result) => result.status === 'busy' || (result.status === 'evaluated' && result.fired.length === 0))).toBe(true);
      expect(await db.alertIncident.count({ where: { ruleId: ruleId } })).toBe(1);
      // An evaluation that is not due (within its interval of the last one) does nothing.
      expect((await evaluateAlerts(other, { now: new Date(now.getTime() + 100), intervalMs: 60_000, env: {} })).status).toBe('not-due');
      // The database refuses a second open incident for the rule, whoever tries.
      const open = await db.alertIncident.findFirstOrThrow({ where: { ruleId: ruleId } });
      const { id: _id, ...copy } = open;
      await expect(db.alertIncident.create({ data: copy })).rejects.toThrow(/Unique constraint/);
      // Disabling a firing rule resolves its incident at the next evaluation.
      await setAlertRuleEnabled(db, ruleId, false);
      const after = await evaluateAlerts(other, { now: new Date(now.getTime() + 200), env: {} });
      expect(after).toMatchObject({ status: 'evaluated', fired: [], resolved: [open.id] });
      expect(await db.alertIncident.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({ openRuleId: null, resolvedValue: null });
    } finally {
      await closeDatabase(other);
    }
  }, 60_000);

  it('refuses an invalid rule with field errors and writes nothing', async () => {
    const before = await db.alertRule.count();
    const result = await createAlertRule(db, {
      name: ' ',
      metric: 'error_rate',
      comparison: 'gt',
      threshold: '150',
      model: 'gpt-x',
      windowSeconds: '1',
      minCalls: '1',
      webhookUrl: 'file:///etc/passwd',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(['minCalls', 'model', 'name', 'threshold', 'webhookUrl', 'windowSeconds']);
    expect(result.fieldErrors.webhookUrl![0]).toContain('only http(s)');
    expect(await db.alertRule.count()).toBe(before);
  });
});
