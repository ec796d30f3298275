// The telemetry page on provider calls inserted straight into the e2e database (no run goes
// through the worker): charts render, the table view shows the inserted numbers, and chart
// bars open the runs behind them.
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';

const tag = randomBytes(4).toString('hex');
const provider = `e2e-telemetry-${tag}`;
const model = `e2e-model-${tag}`;
const MINUTE = 60_000;
// Two whole-minute buckets well inside the last hour.
const bucket0 = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 20 * MINUTE);
const bucket1 = new Date(bucket0.getTime() + MINUTE);
const at = (bucket: Date, seconds: number) => new Date(bucket.getTime() + seconds * 1000);

type Call = {
  startedAt: Date;
  attempt?: number;
  streamRequested?: boolean;
  streamActual?: boolean;
  streamStarted?: boolean;
  status?: 'ok' | 'error';
  errorKind?: string;
  httpStatus?: number;
  latencyMs?: number;
  ttftMs?: number;
  inputTokens?: number;
  cacheReadTokens?: number;
  outputTokens?: number;
  costUsd?: number;
};

const calls: Call[] = [
  // bucket 0: three streamed OK calls and one stream refused (answered by a non-streaming fallback) → 3 of 4 = 75.0 %.
  ...[1200, 1800, 2400].map((latencyMs, index) => ({
    startedAt: at(bucket0, 5 + index),
    streamRequested: true,
    streamActual: true,
    latencyMs,
    ttftMs: 300,
    inputTokens: 1000,
    cacheReadTokens: 400,
    outputTokens: 200,
    costUsd: 0.01,
  })),
  { startedAt: at(bucket0, 29), streamRequested: true, streamActual: true, status: 'error', errorKind: 'stream_unsupported', httpStatus: 400, latencyMs: 30 },
  { startedAt: at(bucket0, 30), streamRequested: true, streamActual: false, latencyMs: 900, inputTokens: 500, outputTokens: 100 },
  // bucket 1: two 429s (the second a retry) and one 529 overloaded.
  { startedAt: at(bucket1, 1), status: 'error', errorKind: 'rate_limit', httpStatus: 429, latencyMs: 40 },
  { startedAt: at(bucket1, 3), attempt: 2, status: 'error', errorKind: 'rate_limit', httpStatus: 429, latencyMs: 40 },
  { startedAt: at(bucket1, 9), status: 'error', errorKind: 'overloaded', httpStatus: 529, latencyMs: 60 },
];

let client: pg.Client;
let runId: string;

test.beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set for the e2e process (scripts/test.mjs sets it).');
  client = new pg.Client({ connectionString: url });
  await client.connect();
  const run = await client.query<{ id: string }>(
    `INSERT INTO "Run" (id, status, task, "profileName", provider, runtime, model, profile, "updatedAt")
     VALUES (gen_random_uuid(), 'succeeded', 'telemetry e2e', 'e2e', $1, 'openai-chat', $2, '{}', now()) RETURNING id`,
    [provider, model],
  );
  runId = run.rows[0]!.id;
  const turn = await client.query<{ id: string }>(`INSERT INTO "Turn" (id, "runId", index, status) VALUES (gen_random_uuid(), $1, 0, 'succeeded') RETURNING id`, [runId]);
  for (const call of calls) {
    await client.query(
      `INSERT INTO "ProviderCall" (id, "runId", "turnId", attempt, runtime, provider, "profileName", "modelRequested",
         "streamRequested", "streamActual", "streamStarted", "fallbackReason", status, "errorKind", "httpStatus", "startedAt",
         "latencyMs", "ttftMs", "inputTokens", "cacheReadTokens", "outputTokens", "costUsd")
       VALUES (gen_random_uuid(), $1, $2, $3, 'openai-chat', $4, 'e2e', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        runId, turn.rows[0]!.id, call.attempt ?? 1, provider, model,
        call.streamRequested ?? false, call.streamActual ?? false, call.streamStarted ?? ((call.streamActual ?? false) && (call.status ?? 'ok') === 'ok'),
        call.streamRequested && !call.streamActual ? 'stream_unsupported' : null,
        call.status ?? 'ok', call.errorKind ?? null, call.httpStatus ?? null, call.startedAt,
        call.latencyMs ?? null, call.ttftMs ?? null, call.inputTokens ?? 0, call.cacheReadTokens ?? 0, call.outputTokens ?? 0, call.costUsd ?? null,
      ],
    );
  }
});

test.afterAll(async () => {
  if (runId) await client.query(`DELETE FROM "Run" WHERE id = $1`, [runId]);
  await client?.end();
});

const telemetryUrl = `/telemetry?window=1h&provider=${provider}&model=${model}`;

/** Loads the page and waits until React has hydrated it (controls and charts respond). */
async function gotoTelemetry(page: Page, url = telemetryUrl) {
  await page.goto(url);
  await expect(page.locator('[data-hydrated]')).toBeAttached();
}

async function openTable(page: Page, panelId: string) {
  const panel = page.getByTestId(`chart-${panelId}`);
  await panel.getByRole('button', { name: 'Table', exact: true }).click();
  return panel.getByRole('table');
}

function runsParams(page: Page) {
  const url = new URL(page.url());
  expect(url.pathname).toBe('/runs');
  return Object.fromEntries(url.searchParams);
}

test('charts render and the table view shows the recorded numbers', async ({ page }) => {
  await gotoTelemetry(page);
  await expect(page.getByRole('heading', { name: 'Telemetry', level: 1 })).toBeVisible();
  for (const id of ['streaming', 'rate-limits', 'cache', 'latency', 'tokens']) {
    await expect(page.getByTestId(`chart-${id}`).getByRole('group', { name: /Arrow keys move between buckets/ })).toBeVisible();
  }
  await expect(page.getByTestId('chart-errors').getByRole('list', { name: /failed attempts per kind/ })).toBeVisible();
  await expect(page.getByTestId('chart-streaming')).toContainText('75.0% streamed OK of 4 streams begun or refused');

  const streaming = await openTable(page, 'streaming');
  const streamingRow = streaming.getByRole('row').filter({ hasText: /\d{2}:\d{2}–/ });
  await expect(streamingRow).toHaveCount(1);
  await expect(streamingRow.getByRole('cell')).toHaveText(['5', '4', '3', '0', '1', '0', '1', '0', '75.0%']);

  const rateLimits = await openTable(page, 'rate-limits');
  const rateLimitRow = rateLimits.getByRole('row').filter({ hasText: /\d{2}:\d{2}–/ });
  await expect(rateLimitRow.getByRole('cell')).toHaveText(['2', '0', '1', '1']);

  const latency = await openTable(page, 'latency');
  await expect(latency.getByRole('row').filter({ hasText: /\d{2}:\d{2}–/ }).getByRole('cell')).toHaveText([
    '4', '1,500 ms', '2,310 ms', '300 ms', '300 ms',
  ]);

  const errors = await openTable(page, 'errors');
  await expect(errors.getByRole('row', { name: /rate_limit/ }).getByRole('cell')).toHaveText(['2', '50.0%']);
  await expect(errors.getByRole('row', { name: /overloaded/ }).getByRole('cell')).toHaveText(['1', '25.0%']);
  await expect(errors.getByRole('row', { name: /stream_unsupported/ }).getByRole('cell')).toHaveText(['1', '25.0%']);
});

test('clicking a bar opens the runs behind it', async ({ page }) => {
  await gotoTelemetry(page);
  // Errors by kind: the window, the filters and the error kind (rate_limit is the tallest bar).
  await page.getByTestId('chart-errors').locator('a[data-error-kind]').first().click();
  await page.waitForURL(/\/runs\?/);
  const errorParams = runsParams(page);
  expect(errorParams).toMatchObject({ provider, model, hasErrors: '1', errorKind: 'rate_limit' });
  expect(Date.parse(errorParams.to!) - Date.parse(errorParams.from!)).toBe(60 * MINUTE);

  // Rate-limit incidents: the bucket of the bar.
  await gotoTelemetry(page);
  await page.getByTestId('chart-rate-limits').locator('a[data-series="rateLimited429"]').first().click();
  await page.waitForURL(/\/runs\?/);
  expect(runsParams(page)).toEqual({
    from: bucket1.toISOString(),
    to: new Date(bucket1.getTime() + MINUTE).toISOString(),
    provider,
    model,
    hasErrors: '1',
    errorKind: 'rate_limit',
  });
});

test('a chart is one tab stop: arrow keys pick a bucket, Enter opens its runs', async ({ page }) => {
  await gotoTelemetry(page);
  // Focus shows the latest bucket; bucket1 lies this many buckets before it.
  const back = Math.round((Math.floor(Date.now() / MINUTE) * MINUTE - bucket1.getTime()) / MINUTE);
  const chart = page.getByTestId('chart-rate-limits').getByRole('group', { name: /Arrow keys move between buckets/ });
  await chart.focus();
  await page.keyboard.press('End');
  for (let i = 0; i < back; i++) await page.keyboard.press('ArrowLeft');
  const tooltip = page.getByTestId('chart-rate-limits').getByTestId('chart-tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('UTC');
  await expect(tooltip).toContainText('429 rate limit');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/runs\?/);
  expect(runsParams(page)).toMatchObject({ from: bucket1.toISOString(), to: new Date(bucket1.getTime() + MINUTE).toISOString(), provider, model, hasErrors: '1' });
});

test('the window picker works from the keyboard and keeps the window in the URL', async ({ page }) => {
  await gotoTelemetry(page);
  const oneHour = page.getByRole('radio', { name: '1 h' });
  await expect(oneHour).toBeChecked();
  await oneHour.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: '24 h' })).toBeChecked();
  await expect(page).toHaveURL(/window=24h/);
  await expect(page).toHaveURL(new RegExp(`provider=${provider}`));
  await expect(page.getByTestId('telemetry-window')).toContainText('15-minute buckets');
  await expect(page.getByTestId('chart-streaming')).toContainText('75.0% streamed OK of 4 streams begun or refused');
});

test('an empty window says so and suggests starting a run', async ({ page }) => {
  await gotoTelemetry(page, `/telemetry?window=1h&provider=nobody-${tag}`);
  const empty = page.getByTestId('telemetry-empty');
  await expect(empty).toContainText('No provider calls in this window');
  await expect(empty.getByRole('link', { name: 'Start a run' })).toHaveAttribute('href', '/runs/new');
  await expect(page.locator('svg[data-chart-columns]')).toHaveCount(0);
});

test('the API validates its parameters', async ({ request }) => {
  const bad = await request.get('/api/telemetry?window=2h');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatch(/window must be one of/);
  const good = await request.get(`/api/telemetry?window=1h&provider=${provider}&model=${model}`);
  expect(good.status()).toBe(200);
  const body = await good.json();
  expect(body.totals.calls).toBe(calls.length);
  expect(body.errorsByKind).toEqual([
    { errorKind: 'rate_limit', count: 2 },
    { errorKind: 'overloaded', count: 1 },
    { errorKind: 'stream_unsupported', count: 1 },
  ]);
  // The 429s and the overload were not streaming attempts: nothing "not started".
  expect(body.streamNotStartedByKind).toEqual([]);
});
