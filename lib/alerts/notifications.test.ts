// Durable notifications (the AlertNotification outbox): a notification whose process died or
// stopped is taken over by a later evaluation and delivered once, continuing its attempts, with
// the same delivery id. Times are in 2099 so that the evaluators of other test files (real time)
// never take these rows over.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '@/lib/store/database';
import { takeOverNotifications } from './evaluator';
import { startWebhookReceiver, type WebhookReceiver } from './test-receiver';
import { deliverNotification, deliveryLeaseMs, type Notification } from './webhook';

let db: Database;
let receiver: WebhookReceiver;
let ruleId: string;
const T0 = new Date('2099-01-01T00:00:00.000Z');
const LEASE = 60_000;
const options = { backoffMs: 10, timeoutMs: 5_000, env: {} };

async function incidentWithPending(event: 'firing' | 'resolved', leaseUntil: Date) {
  const incident = await db.alertIncident.create({
    data: {
      ruleId,
      ruleName: 'Outbox test',
      metric: 'error_rate',
      comparison: 'gt',
      threshold: 10,
      value: 50,
      calls: 10,
      provider: 'openai',
      model: null,
      windowSeconds: 300,
      windowFrom: new Date('2026-03-02T11:55:00.000Z'),
      windowTo: new Date('2026-03-02T12:00:00.000Z'),
      firedAt: new Date('2026-03-02T12:00:00.000Z'),
      resolvedAt: new Date('2026-03-02T12:05:00.000Z'),
      resolvedValue: 0,
    },
  });
  const notification = await db.alertNotification.create({ data: { incidentId: incident.id, event, leaseUntil } });
  return { incident, notification };
}

beforeAll(async () => {
  db = createDatabase(inject('databaseUrl'));
  receiver = await startWebhookReceiver();
  // Disabled, with resolved incidents only: other evaluators leave the rule alone.
  const rule = await db.alertRule.create({
    data: {
      name: 'Outbox test',
      metric: 'error_rate',
      comparison: 'gt',
      threshold: 10,
      provider: 'openai',
      windowSeconds: 300,
      minCalls: 5,
      enabled: false,
      webhookUrl: receiver.url,
    },
  });
  ruleId = rule.id;
});

afterAll(async () => {
  await db.alertRule.deleteMany({ where: { name: 'Outbox test' } });
  await receiver.close();
  await db.$disconnect();
});

const mine = (ids: string[]) => (notifications: Notification[]) => notifications.filter((n) => ids.includes(n.notificationId ?? ''));

describe('alert notification outbox', () => {
  it('a notification whose process died is taken over once its lease expired, delivered once, attempts continued, same delivery id', async () => {
    const { incident, notification } = await incidentWithPending('firing', T0);
    // The process made one attempt (the receiver was down), then died.
    await db.alertDelivery.create({
      data: {
        incidentId: incident.id,
        event: 'firing',
        attempt: 1,
        status: 'failed',
        error: 'HTTP 503',
        durationMs: 12,
        target: 'http://127.0.0.1/…',
      },
    });
    const ours = mine([notification.id]);

    expect(ours(await takeOverNotifications(db, { now: new Date(T0.getTime() - 1), leaseMs: LEASE, env: {} }))).toEqual([]);
    const taken = ours(await takeOverNotifications(db, { now: T0, leaseMs: LEASE, env: {} }));
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({
      event: 'firing',
      notificationId: notification.id,
      priorAttempts: 1,
      webhookUrl: receiver.url,
      incident: { id: incident.id },
    });
    // Leased now: a second evaluation does not take it again.
    expect(ours(await takeOverNotifications(db, { now: T0, leaseMs: LEASE, env: {} }))).toEqual([]);

    expect(await deliverNotification(db, taken[0]!, options)).toEqual({ delivered: true, attempts: 2 });
    const posts = receiver.received.filter((hook) => hook.body.incidentId === incident.id);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers['x-switchboard-delivery']).toBe(`${incident.id}:firing`);
    const rows = await db.alertDelivery.findMany({ where: { incidentId: incident.id }, orderBy: { attempt: 'asc' } });
    expect(rows.map((row) => [row.attempt, row.status])).toEqual([
      [1, 'failed'],
      [2, 'delivered'],
    ]);
    expect(await db.alertNotification.findUniqueOrThrow({ where: { id: notification.id } })).toMatchObject({
      status: 'delivered',
      finishedAt: expect.any(Date),
    });
    // Done: never taken over again.
    expect(ours(await takeOverNotifications(db, { now: new Date(T0.getTime() + 10 * LEASE), leaseMs: LEASE, env: {} }))).toEqual([]);
  });

  it('gives up when the attempts are used up, and a rule without a webhook any more ends it as failed', async () => {
    const used = await incidentWithPending('resolved', T0);
    for (const attempt of [1, 2]) {
      await db.alertDelivery.create({
        data: { incidentId: used.incident.id, event: 'resolved', attempt, status: 'failed', error: 'HTTP 503', durationMs: 1, target: 'x' },
      });
    }
    const [taken] = mine([used.notification.id])(await takeOverNotifications(db, { now: T0, leaseMs: LEASE, env: {} }));
    expect(await deliverNotification(db, taken!, { ...options, attempts: 2 })).toEqual({ delivered: false, attempts: 2 });
    expect(await db.alertNotification.findUniqueOrThrow({ where: { id: used.notification.id } })).toMatchObject({ status: 'failed' });
    expect(receiver.received.some((hook) => hook.body.incidentId === used.incident.id)).toBe(false);
  });

  it('a worker that stops during a delivery leaves the notification pending with its lease released', async () => {
    const { incident, notification } = await incidentWithPending('firing', new Date(Date.now() + LEASE));
    // Stopped once the attempt reached the receiver (which never answers; its timeout is far away).
    let reached!: () => void;
    const requested = new Promise<void>((resolve) => (reached = resolve));
    const silent = createServer(() => reached());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const abort = new AbortController();
    try {
      const delivering = deliverNotification(
        db,
        {
          event: 'firing',
          incident,
          webhookUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`,
          notificationId: notification.id,
        },
        { ...options, timeoutMs: 60_000, signal: abort.signal },
      );
      await requested;
      abort.abort();
      expect(await delivering).toEqual({ delivered: false, attempts: 1 });
      const row = await db.alertNotification.findUniqueOrThrow({ where: { id: notification.id } });
      expect(row.status).toBe('pending');
      expect(row.leaseUntil.getTime()).toBeLessThanOrEqual(Date.now());
      expect((await db.alertDelivery.findFirstOrThrow({ where: { incidentId: incident.id } })).error).toBe(
        'stopped: the worker shut down during the attempt',
      );
    } finally {
      // Not for other evaluators to deliver: this receiver never answers.
      await db.alertNotification.update({ where: { id: notification.id }, data: { status: 'failed' } });
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('the lease covers a whole delivery: every attempt timing out and every backoff at its longest', () => {
    expect(deliveryLeaseMs()).toBe(4 * 5_000 + (1_000 + 2_000 + 4_000) * 1.2 + 30_000);
    expect(deliveryLeaseMs({ attempts: 1, timeoutMs: 100 })).toBe(100 + 30_000);
  });
});
