// Webhook delivery against local receivers: retries with backoff on 5xx, none on other 4xx, a
// timeout, a refused URL; every attempt in the delivery log, and the URL's secret path nowhere.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '@/lib/store/database';
import type { Prisma } from '@/lib/store/generated/prisma/client';
import { startWebhookReceiver } from './test-receiver';
import { alertsOverview } from './rules';
import { deliverNotification, webhookPayload, webhookTarget, type NotifiedIncident } from './webhook';
import { everyRow } from '@/test/every-row';
import { deleteRunsWithRows } from '@/lib/store/testing/delete-runs';

let db: Database;
let incident: NotifiedIncident;
/** For the tests of a receiver that never answers: its timeout is what they wait for. */
const options = { backoffMs: 10, timeoutMs: 300, env: {} };
/** For the receivers that answer: a loaded machine must not turn a slow answer into a timeout. */
const patient = { ...options, timeoutMs: 15_000 };

/**
 * A closed incident of a disabled "Webhook test" rule (error rate > 10 % over 5 min, the incident's
 * window the 5 min before it fired): the evaluators of other tests leave both alone.
 */
async function closedErrorRateIncident(
  rule: { minCalls: number; provider?: string; model?: string; webhookUrl?: string },
  incident: {
    value: number;
    calls: number;
    firedAt: string;
    resolvedAt: string;
    resolvedValue: number;
    deliveries?: Prisma.AlertDeliveryCreateNestedManyWithoutIncidentInput;
  },
): Promise<NotifiedIncident> {
  const created = await db.alertRule.create({
    data: { name: 'Webhook test', metric: 'error_rate', comparison: 'gt', threshold: 10, windowSeconds: 300, enabled: false, ...rule },
  });
  const firedAt = new Date(incident.firedAt);
  return db.alertIncident.create({
    data: {
      ruleId: created.id,
      ruleName: created.name,
      metric: created.metric,
      comparison: created.comparison,
      threshold: created.threshold,
      provider: created.provider,
      model: created.model,
      windowSeconds: created.windowSeconds,
      windowFrom: new Date(firedAt.getTime() - created.windowSeconds * 1000),
      windowTo: firedAt,
      firedAt,
      resolvedAt: new Date(incident.resolvedAt),
      value: incident.value,
      calls: incident.calls,
      resolvedValue: incident.resolvedValue,
      deliveries: incident.deliveries,
    },
  });
}

beforeAll(async () => {
  db = createDatabase(inject('databaseUrl'));
  incident = await closedErrorRateIncident(
    { provider: 'openai', model: 'gpt-4.1', minCalls: 20 },
    { value: 37.5, calls: 40, firedAt: '2026-03-02T12:00:00.000Z', resolvedAt: '2026-03-02T12:07:00.000Z', resolvedValue: 4 },
  );
});

afterAll(async () => {
  await db.alertRule.deleteMany({ where: { name: 'Webhook test' } });
  await db.$disconnect();
});

/** A local HTTP server on a free port; `close` drops the connections it still holds. */
async function listen(handler?: RequestListener): Promise<{ port: number; close: () => Promise<unknown> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

async function log() {
  return db.alertDelivery.findMany({ where: { incidentId: incident.id }, orderBy: [{ createdAt: 'asc' }, { attempt: 'asc' }] });
}

describe('webhook delivery', () => {
  it('posts the incident as JSON, with console links when SWITCHBOARD_PUBLIC_URL is set', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const outcome = await deliverNotification(
        db,
        { event: 'resolved', incident, webhookUrl: receiver.url },
        { ...patient, env: { SWITCHBOARD_PUBLIC_URL: 'https://switchboard.example.com/' } },
      );
      expect(outcome).toEqual({ delivered: true, attempts: 1 });
      expect(receiver.accepted[0]!.body).toEqual({
        event: 'resolved',
        text: `✅ Webhook test resolved: Error rate 4 % (Error rate > 10 % over 5 min, openai · gpt-4.1). https://switchboard.example.com/alerts#incident-${incident.id}`,
        incidentId: incident.id,
        rule: { id: incident.ruleId, name: 'Webhook test' },
        metric: 'error_rate',
        metricLabel: 'Error rate',
        unit: '%',
        value: 4,
        firedValue: 37.5,
        threshold: 10,
        comparison: 'gt',
        condition: 'Error rate > 10 % over 5 min',
        calls: 40,
        scope: { provider: 'openai', model: 'gpt-4.1' },
        window: { seconds: 300, from: '2026-03-02T11:55:00.000Z', to: '2026-03-02T12:00:00.000Z' },
        firedAt: '2026-03-02T12:00:00.000Z',
        resolvedAt: '2026-03-02T12:07:00.000Z',
        resolvedValue: 4,
        runsPath: '/runs?from=2026-03-02T11%3A55%3A00.000Z&to=2026-03-02T12%3A00%3A00.000Z&provider=openai&model=gpt-4.1&hasErrors=1',
        runsUrl:
          'https://switchboard.example.com/runs?from=2026-03-02T11%3A55%3A00.000Z&to=2026-03-02T12%3A00%3A00.000Z&provider=openai&model=gpt-4.1&hasErrors=1',
        runsLinks: [],
        consoleUrl: `https://switchboard.example.com/alerts#incident-${incident.id}`,
        deliveryId: `${incident.id}:resolved`,
      });
    } finally {
      await receiver.close();
    }
  });

  it('retries 5xx answers with backoff, recording each attempt; the secret path appears nowhere', async () => {
    await db.alertDelivery.deleteMany({ where: { incidentId: incident.id } });
    // Echoes the request path in its error body, as some endpoints do.
    const receiver = await listen((request, response) => {
      request.resume();
      response.writeHead(503).end(`unavailable: ${request.url}`);
    });
    const url = `http://127.0.0.1:${receiver.port}/services/T1/B2/s3cr3t-token`;
    try {
      const started = Date.now();
      const outcome = await deliverNotification(
        db,
        { event: 'firing', incident, webhookUrl: url },
        { ...patient, attempts: 3, backoffMs: 100 },
      );
      expect(outcome).toEqual({ delivered: false, attempts: 3 });
      // Waits of ~100 ms and ~200 ms between the attempts.
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      const rows = await log();
      expect(rows.map((row) => [row.event, row.attempt, row.status, row.httpStatus])).toEqual([
        ['firing', 1, 'failed', 503],
        ['firing', 2, 'failed', 503],
        ['firing', 3, 'failed', 503],
      ]);
      expect(rows[0]!.error).toBe('HTTP 503: unavailable: /…');
      expect(JSON.stringify(rows)).not.toContain('s3cr3t-token');
      expect(rows.every((row) => row.target === `http://127.0.0.1:${receiver.port}/…`)).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('gives up at once on a 4xx that retrying cannot fix, and retries a 429', async () => {
    await db.alertDelivery.deleteMany({ where: { incidentId: incident.id } });
    const gone = await startWebhookReceiver({ failFirst: [404] });
    const busy = await startWebhookReceiver({ failFirst: [429] });
    try {
      expect(await deliverNotification(db, { event: 'firing', incident, webhookUrl: gone.url }, patient)).toEqual({
        delivered: false,
        attempts: 1,
      });
      expect(await deliverNotification(db, { event: 'resolved', incident, webhookUrl: busy.url }, patient)).toEqual({
        delivered: true,
        attempts: 2,
      });
      expect((await log()).map((row) => [row.event, row.attempt, row.status, row.httpStatus])).toEqual([
        ['firing', 1, 'failed', 404],
        ['resolved', 1, 'failed', 429],
        ['resolved', 2, 'delivered', 204],
      ]);
    } finally {
      await gone.close();
      await busy.close();
    }
  });

  it('times out a receiver that does not answer, and records unreachable ones', async () => {
    await db.alertDelivery.deleteMany({ where: { incidentId: incident.id } });
    const fireAt = (port: number, attempts: number) =>
      deliverNotification(db, { event: 'firing', incident, webhookUrl: `http://127.0.0.1:${port}/hook` }, { ...options, attempts });
    const silent = await listen(() => {});
    try {
      expect(await fireAt(silent.port, 1)).toEqual({ delivered: false, attempts: 1 });
    } finally {
      await silent.close();
    }
    // A port nobody listens on (any more).
    const closed = await listen();
    await closed.close();
    expect(await fireAt(closed.port, 2)).toEqual({ delivered: false, attempts: 2 });
    const rows = await log();
    expect(rows[0]).toMatchObject({ status: 'failed', httpStatus: null, error: 'no answer within 300 ms' });
    expect(rows[0]!.durationMs).toBeGreaterThanOrEqual(290);
    expect(rows.slice(1).map((row) => [row.attempt, row.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
    ]);
    expect(rows[1]!.error).toMatch(/ECONNREFUSED/);
  });

  it('refuses a non-http(s) URL (from the environment) without sending anything', async () => {
    await db.alertDelivery.deleteMany({ where: { incidentId: incident.id } });
    const target = webhookTarget(null, { SWITCHBOARD_ALERT_WEBHOOK_URL: 'file:///etc/passwd' });
    expect(await deliverNotification(db, { event: 'firing', incident, webhookUrl: target }, options)).toEqual({
      delivered: false,
      attempts: 1,
    });
    expect(await log()).toEqual([
      expect.objectContaining({
        status: 'failed',
        target: '(refused URL)',
        error: 'The webhook URL is refused: only http(s) webhook URLs are accepted, not file:.',
      }),
    ]);
    expect(webhookTarget('https://rule.example.com/x', { SWITCHBOARD_ALERT_WEBHOOK_URL: 'https://env.example.com/y' })).toBe(
      'https://rule.example.com/x',
    );
    expect(webhookTarget(null, {})).toBeNull();
    expect(await deliverNotification(db, { event: 'firing', incident, webhookUrl: null }, options)).toEqual({
      delivered: false,
      attempts: 0,
    });
  });

  it('sends one body and one delivery id on every attempt; no signature without a secret', async () => {
    await db.alertDelivery.deleteMany({ where: { incidentId: incident.id } });
    const receiver = await startWebhookReceiver({ failFirst: [500, 502] });
    try {
      expect(await deliverNotification(db, { event: 'firing', incident, webhookUrl: receiver.url }, patient)).toEqual({
        delivered: true,
        attempts: 3,
      });
      expect(receiver.received).toHaveLength(3);
      expect(new Set(receiver.received.map((hook) => hook.raw)).size).toBe(1);
      expect(receiver.received.map((hook) => hook.headers['x-switchboard-delivery'])).toEqual(Array(3).fill(`${incident.id}:firing`));
      expect(receiver.received.map((hook) => hook.headers['x-switchboard-event'])).toEqual(['firing', 'firing', 'firing']);
      expect(receiver.received[0]!.headers['x-switchboard-signature']).toBeUndefined();
      expect(receiver.received[0]!.headers['x-switchboard-timestamp']).toBeUndefined();
    } finally {
      await receiver.close();
    }
  });

  it('signs with SWITCHBOARD_ALERT_WEBHOOK_SECRET: sha256=HMAC(timestamp.body), verifiable as the README says; the secret is stored nowhere', async () => {
    await db.alertDelivery.deleteMany({ where: { incidentId: incident.id } });
    const secret = `whsec_${randomBytes(16).toString('hex')}`;
    const receiver = await startWebhookReceiver({ failFirst: [500] });
    try {
      const before = Math.floor(Date.now() / 1000);
      await deliverNotification(
        db,
        { event: 'resolved', incident, webhookUrl: receiver.url },
        { ...patient, env: { SWITCHBOARD_ALERT_WEBHOOK_SECRET: secret } },
      );
      expect(receiver.received).toHaveLength(2);
      for (const hook of receiver.received) {
        // The receiver's side (lib/alerts/README.md): recompute over the raw body, compare in constant time, check the age.
        const timestamp = hook.headers['x-switchboard-timestamp']!;
        expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
        expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
        const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${hook.raw}`).digest('hex')}`);
        const given = Buffer.from(hook.headers['x-switchboard-signature']!);
        expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
        // Another secret, or an edited body, does not verify.
        expect(hook.headers['x-switchboard-signature']).not.toBe(
          `sha256=${createHmac('sha256', 'other').update(`${timestamp}.${hook.raw}`).digest('hex')}`,
        );
        expect(hook.headers['x-switchboard-signature']).not.toBe(
          `sha256=${createHmac('sha256', secret).update(`${timestamp}.${hook.raw} `).digest('hex')}`,
        );
        expect(hook.headers['x-switchboard-delivery']).toBe(`${incident.id}:resolved`);
      }
      expect(JSON.stringify(await log())).not.toContain(secret);
      // The page says whether webhooks are signed, never with what.
      const overview = await alertsOverview(db, { env: { SWITCHBOARD_ALERT_WEBHOOK_SECRET: secret } });
      expect(overview.signed).toBe(true);
      expect(JSON.stringify(overview)).not.toContain(secret);
      expect((await alertsOverview(db, { env: {} })).signed).toBe(false);
      expect(receiver.received.some((hook) => hook.raw.includes(secret))).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it('says "firing" with the value when it fired', () => {
    const payload = webhookPayload('firing', { ...incident, resolvedAt: null, resolvedValue: null }, {});
    expect(payload).toMatchObject({ event: 'firing', value: 37.5, consoleUrl: null, runsUrl: null, resolvedAt: null });
    expect(payload.text).toBe('🔥 Webhook test is firing: Error rate 37.5 % (Error rate > 10 % over 5 min, openai · gpt-4.1).');
  });
});

describe('rate-limit incidents: the runs behind them', () => {
  const provider = `ratelimit-${randomBytes(4).toString('hex')}`;
  const windowFrom = new Date('2026-03-03T10:00:00.000Z');
  const windowTo = new Date('2026-03-03T10:05:00.000Z');
  let both: NotifiedIncident;
  let onlyRateLimits: NotifiedIncident;

  beforeAll(async () => {
    const rule = await db.alertRule.create({
      data: {
        name: 'Webhook test',
        metric: 'rate_limit_incidents',
        comparison: 'gte',
        threshold: 2,
        provider,
        windowSeconds: 300,
        minCalls: 1,
        enabled: false,
      },
    });
    const run = await db.run.create({
      data: { task: 'storm', profileName: 'p', provider, runtime: 'openai-chat', model: 'm', profile: {} },
    });
    const turn = await db.turn.create({ data: { runId: run.id, index: 0 } });
    const call = (model: string, errorKind: string, at: number) => ({
      runId: run.id,
      turnId: turn.id,
      attempt: at,
      runtime: 'openai-chat',
      provider,
      profileName: 'p',
      modelRequested: model,
      streamRequested: false,
      streamActual: false,
      streamStarted: false,
      status: 'error' as const,
      errorKind,
      startedAt: new Date(windowFrom.getTime() + at * 1000),
    });
    // Model a: two 429s and one overload; model b: 429s only; one overload just outside the window.
    await db.providerCall.createMany({
      data: [
        call('a', 'rate_limit', 1),
        call('a', 'rate_limit', 2),
        call('a', 'overloaded', 3),
        call('b', 'rate_limit', 4),
        call('b', 'overloaded', 300),
      ],
    });
    const open = (model: string | null, resolved: boolean) =>
      db.alertIncident.create({
        data: {
          ruleId: rule.id,
          ...(resolved ? {} : { openRuleId: rule.id }),
          ruleName: rule.name,
          metric: 'rate_limit_incidents',
          comparison: 'gte',
          threshold: 2,
          value: 3,
          calls: 4,
          provider,
          model,
          windowSeconds: 300,
          windowFrom,
          windowTo,
          firedAt: windowTo,
          ...(resolved ? { resolvedAt: new Date(windowTo.getTime() + 60_000), resolvedValue: 0 } : {}),
        },
      });
    both = await open(null, false);
    onlyRateLimits = await open('b', true);
  });

  afterAll(async () => {
    await deleteRunsWithRows(db, { provider });
  });

  it('the payload leads to all of them (both kinds: every run with a failed call) and carries each kind apart', async () => {
    const receiver = await startWebhookReceiver();
    try {
      await deliverNotification(
        db,
        { event: 'firing', incident: both, webhookUrl: receiver.url },
        { ...patient, env: { SWITCHBOARD_PUBLIC_URL: 'https://sb.example' } },
      );
      const body = receiver.accepted[0]!.body;
      const window = `from=2026-03-03T10%3A00%3A00.000Z&to=2026-03-03T10%3A05%3A00.000Z&provider=${provider}`;
      expect(body.runsPath).toBe(`/runs?${window}&hasErrors=1`);
      expect(body.runsUrl).toBe(`https://sb.example/runs?${window}&hasErrors=1`);
      expect(body.runsLinks).toEqual([
        {
          label: 'Rate-limited runs',
          path: `/runs?${window}&hasErrors=1&errorKind=rate_limit`,
          url: `https://sb.example/runs?${window}&hasErrors=1&errorKind=rate_limit`,
          calls: 3,
        },
        {
          label: 'Overloaded runs',
          path: `/runs?${window}&hasErrors=1&errorKind=overloaded`,
          url: `https://sb.example/runs?${window}&hasErrors=1&errorKind=overloaded`,
          calls: 1,
        },
      ]);
    } finally {
      await receiver.close();
    }
    // Only rate limits in the window: the exact link is the main one, and both kinds are still in the payload.
    const payload = webhookPayload('resolved', onlyRateLimits, {}, { rateLimited: 1, overloaded: 0 });
    expect(payload.runsPath).toMatch(/&model=b&hasErrors=1&errorKind=rate_limit$/);
    expect(payload.runsLinks.map((link) => [link.label, link.calls])).toEqual([
      ['Rate-limited runs', 1],
      ['Overloaded runs', 0],
    ]);
  });

  it('the page lists a firing incident once (under firing), and offers the overloaded link only when there were overloads', async () => {
    const overview = await alertsOverview(db, { env: {}, recentLimit: 1000 });
    expect(overview.firing.filter((entry) => entry.id === both.id)).toHaveLength(1);
    expect(overview.recent.some((entry) => entry.id === both.id)).toBe(false);
    expect(overview.recent.every((entry) => entry.resolvedAt !== null)).toBe(true);
    const firing = overview.firing.find((entry) => entry.id === both.id)!;
    expect(firing.runsLinks.map((link) => [link.label, link.calls])).toEqual([
      ['Runs with rate-limited or overloaded calls', undefined],
      ['Rate-limited runs', 3],
      ['Overloaded runs', 1],
    ]);
    const resolved = overview.recent.find((entry) => entry.id === onlyRateLimits.id)!;
    expect(resolved.runsLinks.map((link) => [link.label, link.calls])).toEqual([['Rate-limited runs', 1]]);
  });
});

describe("a webhook URL's secrets (query values, userinfo) stay out of delivery rows, logs, page data and the API", () => {
  // Random, so that finding one anywhere in the database means it leaked from here.
  // base64url, not hex: the database is full of hex ids, and a 6-hex-character fragment of one of
  // them turned up in a rate-limit row now and then (a leak that was none).
  const tokenHead = randomBytes(12).toString('base64url');
  const tokenTail = randomBytes(12).toString('base64url');
  const signature = randomBytes(12).toString('base64url');
  const password = randomBytes(12).toString('base64url');
  /** Eight characters at either end of each secret: what a message cut short in the middle of one would still show. */
  const fragments = [tokenHead, tokenTail, signature, password].flatMap((secret) => [secret.slice(0, 8), secret.slice(-8)]);
  const leaksIn = (text: string) => fragments.filter((fragment) => text.includes(fragment));
  let secretIncident: NotifiedIncident;
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });

  /** The incident these tests deliver; `deliveries` plants rows as if recorded before. */
  const secretTestIncident = (rule: { webhookUrl?: string } = {}, deliveries?: Prisma.AlertDeliveryCreateNestedManyWithoutIncidentInput) =>
    closedErrorRateIncident(
      { minCalls: 5, ...rule },
      { value: 50, calls: 10, firedAt: '2026-03-04T12:00:00.000Z', resolvedAt: '2026-03-04T12:05:00.000Z', resolvedValue: 0, deliveries },
    );

  beforeAll(async () => {
    secretIncident = await secretTestIncident();
  });

  /** Every row of every table in the database, as text, that holds a fragment of a secret. */
  async function rowsLeaking(): Promise<string[]> {
    return (await everyRow(inject('databaseUrl'))).filter(({ row }) => leaksIn(row).length).map(({ table, row }) => `${table}: ${row}`);
  }

  async function expectNoLeak(): Promise<void> {
    const rows = await db.alertDelivery.findMany({ where: { incidentId: secretIncident.id } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.error).filter((error) => leaksIn(error ?? '').length)).toEqual([]);
    expect(await rowsLeaking()).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => leaksIn(line).length)).toEqual([]);
    const page = JSON.stringify(await alertsOverview(db, { env: {}, recentLimit: 1000 }));
    expect(page).toContain(secretIncident.id);
    expect(leaksIn(page)).toEqual([]);
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = inject('databaseUrl');
    try {
      const { GET } = await import('@/app/api/alerts/route');
      const response = await GET();
      expect(response.status).toBe(200);
      expect(leaksIn(await response.text())).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  }

  it('a receiver that answers 5xx echoing the URL — its path and query, the query reordered and decoded, the whole URL percent-encoded, or cut short mid-token — leaves no secret behind', async () => {
    await db.alertDelivery.deleteMany({ where: { incidentId: secretIncident.id } });
    let url = '';
    let requests = 0;
    const receiver = await listen((request, response) => {
      request.resume();
      requests++;
      const decoded = new URL(url);
      const echoes = [
        `no such hook: ${request.url}`,
        `bad parameters: ${[...decoded.searchParams]
          .reverse()
          .map(([key, value]) => `${key}=${value}`)
          .join(', ')}`,
        JSON.stringify({ error: 'unknown hook', url: encodeURIComponent(url) }),
      ];
      // The whole URL after padding, so that the first 200 characters end inside the token.
      const padding = 'x'.repeat(200 - ' at '.length - url.indexOf(tokenTail) - 10);
      response.writeHead(requests < 4 ? 500 : 502).end(echoes[requests - 1] ?? `${padding} at ${url}`);
    });
    url = `http://127.0.0.1:${receiver.port}/hooks/alerts?channel=ops&token=tk_${tokenHead}%2F${tokenTail}&sig=${signature}`;
    try {
      expect(
        await deliverNotification(db, { event: 'firing', incident: secretIncident, webhookUrl: url }, { ...patient, attempts: 4, logger }),
      ).toEqual({ delivered: false, attempts: 4 });
      expect(requests).toBe(4);
      const rows = await db.alertDelivery.findMany({ where: { incidentId: secretIncident.id }, orderBy: { attempt: 'asc' } });
      expect(rows.map((row) => row.httpStatus)).toEqual([500, 500, 500, 502]);
      // What the receiver said is still there, with the secrets taken out.
      expect(rows[0]!.error).toMatch(/^HTTP 500: no such hook: /);
      expect(rows[1]!.error).toMatch(/^HTTP 500: bad parameters: sig=…, token=…, channel=/);
      expect(rows[3]!.error).toMatch(/^HTTP 502: x+ at http:\/\/127\.0\.0\.1:\d+\/…/);
      await expectNoLeak();
    } finally {
      await receiver.close();
    }
  });

  it('a receiver that redirects to the URL (https, query reordered) and says where in its body leaves no secret behind', async () => {
    await db.alertDelivery.deleteMany({ where: { incidentId: secretIncident.id } });
    let moved = '';
    const receiver = await listen((request, response) => {
      request.resume();
      response.writeHead(308, { location: moved }).end(`Permanent Redirect. Redirecting to ${moved}`);
    });
    const url = `http://127.0.0.1:${receiver.port}/hook?token=${tokenHead}&sig=${signature}`;
    moved = `https://127.0.0.1:${receiver.port}/hook?sig=${signature}&token=${tokenHead}`;
    try {
      expect(await deliverNotification(db, { event: 'firing', incident: secretIncident, webhookUrl: url }, { ...patient, logger })).toEqual(
        { delivered: false, attempts: 1 },
      );
      const [row] = await db.alertDelivery.findMany({ where: { incidentId: secretIncident.id } });
      expect(row).toMatchObject({ httpStatus: 308, status: 'failed' });
      expect(row!.error).toMatch(/^HTTP 308: Permanent Redirect\. Redirecting to https:\/\/127\.0\.0\.1:\d+\/…/);
      await expectNoLeak();
    } finally {
      await receiver.close();
    }
  });

  it("delivery rows recorded before the fix are scrubbed on the page with the rule's webhook URL and the default one", async () => {
    // Secrets of their own: this test plants them in the database on purpose.
    const [ruleToken, defaultSignature] = [randomBytes(12).toString('hex'), randomBytes(12).toString('hex')];
    const ruleUrl = `https://hooks.example.com/a?token=${ruleToken}`;
    const defaultUrl = `https://default.example.com/b?sig=${defaultSignature}`;
    const old = await secretTestIncident(
      { webhookUrl: ruleUrl },
      {
        create: {
          event: 'firing',
          attempt: 1,
          status: 'failed',
          httpStatus: 500,
          error: `HTTP 500: bad token ${ruleToken} (sig=${defaultSignature})`,
          durationMs: 5,
          target: 'https://hooks.example.com/…',
        },
      },
    );
    const page = await alertsOverview(db, { env: { SWITCHBOARD_ALERT_WEBHOOK_URL: defaultUrl }, recentLimit: 1000 });
    const shown = page.recent.find((incident) => incident.id === old.id)!;
    expect(shown.deliveries.map((delivery) => delivery.error)).toEqual(['HTTP 500: bad token … (sig=…)']);
  });

  it('a fetch error that quotes the URL with its credentials (normalized: host lower-cased, "/" added) leaves no secret behind', async () => {
    await db.alertDelivery.deleteMany({ where: { incidentId: secretIncident.id } });
    const receiver = await listen((request, response) => response.writeHead(204).end());
    // fetch refuses credentials in a URL, and its error quotes the URL as it normalized it.
    const url = `http://hook-user:${password}@LOCALHOST:${receiver.port}?token=${tokenHead}`;
    try {
      expect(
        await deliverNotification(db, { event: 'firing', incident: secretIncident, webhookUrl: url }, { ...patient, attempts: 1, logger }),
      ).toEqual({ delivered: false, attempts: 1 });
      const [row] = await db.alertDelivery.findMany({ where: { incidentId: secretIncident.id } });
      expect(row!.error).toMatch(/^Request cannot be constructed from a URL that includes credentials: http:\/\/localhost:\d+\/…$/);
      await expectNoLeak();
    } finally {
      await receiver.close();
    }
  });
});
