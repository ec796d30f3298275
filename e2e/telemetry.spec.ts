// The telemetry page on provider calls inserted straight into the e2e database (no run goes
// through the worker): recharts draws the charts (placeholders of their size before), the table
// view shows the inserted numbers, bars and points open the runs behind them, from the mouse and
// the keyboard, the legend hides series and the brush zooms the window. A console error fails.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import type pg from 'pg';
import { formatBucketRange } from '../lib/telemetry/format';
import { scriptedCallColumns, type ScriptedCall } from '../test/scripted-provider-call';
import { connectTestDatabase, insertRow } from './support/database';
import { expectTelemetryHydrated } from './support/hydration';

const tag = randomBytes(4).toString('hex');
const provider = `e2e-telemetry-${tag}`;
const model = `e2e-model-${tag}`;
const MINUTE = 60_000;
// Two whole-minute buckets well inside the last hour.
const bucket0 = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 20 * MINUTE);
const bucket1 = new Date(bucket0.getTime() + MINUTE);
const at = (bucket: Date, seconds: number) => new Date(bucket.getTime() + seconds * 1000);

/** A provider call of the spec's run, at `startedAt`. */
type Call = ScriptedCall & { startedAt: Date };

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
  {
    startedAt: at(bucket0, 29),
    streamRequested: true,
    streamActual: true,
    status: 'error',
    errorKind: 'stream_unsupported',
    httpStatus: 400,
    latencyMs: 30,
  },
  { startedAt: at(bucket0, 30), streamRequested: true, streamActual: false, latencyMs: 900, inputTokens: 500, outputTokens: 100 },
  // bucket 1: two 429s (the second a retry; each asked for 2 s of cooldown) and one 529 overloaded.
  { startedAt: at(bucket1, 1), status: 'error', errorKind: 'rate_limit', httpStatus: 429, latencyMs: 40, retryAfterMs: 2000 },
  { startedAt: at(bucket1, 3), attempt: 2, status: 'error', errorKind: 'rate_limit', httpStatus: 429, latencyMs: 40, retryAfterMs: 2000 },
  { startedAt: at(bucket1, 9), status: 'error', errorKind: 'overloaded', httpStatus: 529, latencyMs: 60 },
];

/** What the answers' rate-limit headers said of one account's tokens: falling in bucket 0, spent at the 429. */
const ACCOUNT = 'e2e0e2e0e2e0e2e0';
const samples = [
  { observedAt: at(bucket0, 6), remaining: 800 },
  { observedAt: at(bucket0, 7), remaining: 600 },
  { observedAt: at(bucket0, 8), remaining: 400 },
  { observedAt: at(bucket1, 1), remaining: 0 },
];

let client: pg.Client;
let runId: string;

test.beforeAll(async () => {
  client = await connectTestDatabase();
  runId = await insertRow(client, 'Run', {
    status: 'succeeded',
    task: 'telemetry e2e',
    profileName: 'e2e',
    provider,
    runtime: 'openai-chat',
    model,
    profile: {},
    updatedAt: new Date(),
  });
  const turnId = await insertRow(client, 'Turn', { runId, index: 0, status: 'succeeded' });
  for (const call of calls) {
    await insertRow(client, 'ProviderCall', {
      runId,
      turnId,
      runtime: 'openai-chat',
      provider,
      profileName: 'e2e',
      modelRequested: model,
      startedAt: call.startedAt,
      endedAt: new Date(call.startedAt.getTime() + (call.latencyMs ?? 0)),
      ...scriptedCallColumns(call),
    });
  }
  for (const sample of samples) {
    await insertRow(client, 'RateLimitSample', {
      runId,
      account: ACCOUNT,
      runtime: 'openai-chat',
      provider,
      model,
      dimension: 'tokens',
      limit: 1000,
      remaining: sample.remaining,
      resetAt: new Date(sample.observedAt.getTime() + 30_000),
      observedAt: sample.observedAt,
      httpStatus: sample.remaining === 0 ? 429 : 200,
    });
  }
});

test.afterAll(async () => {
  if (runId) await client.query(`DELETE FROM "Run" WHERE id = $1`, [runId]);
  await client?.end();
});

const telemetryUrl = `/telemetry?window=1h&provider=${provider}&model=${model}`;
const PLOT_HEIGHT = 250;

/** Loads the page and waits until React has hydrated it and recharts has drawn every chart. */
async function gotoTelemetry(page: Page, url = telemetryUrl, charts = 7) {
  await page.goto(url);
  await expectTelemetryHydrated(page);
  if (charts)
    await expect(page.locator('[data-chart-buckets] svg.recharts-surface, [data-chart-categories] svg.recharts-surface')).toHaveCount(
      charts,
    );
}

function chart(page: Page, panelId: string) {
  return page.getByTestId(`chart-${panelId}`).getByRole('application');
}

async function openTable(page: Page, panelId: string) {
  const panel = page.getByTestId(`chart-${panelId}`);
  await panel.getByRole('button', { name: 'Table', exact: true }).click();
  return panel.getByRole('table');
}

/** The filters of the runs list a click on the chart opened. */
async function runsOpened(page: Page) {
  await page.waitForURL(/\/runs\?/);
  const url = new URL(page.url());
  expect(url.pathname).toBe('/runs');
  return Object.fromEntries(url.searchParams);
}

/** The filters of the runs behind a one-minute bucket of the spec's provider and model (and `errors`, the error filters). */
const bucketRuns = (bucket: Date, errors: Record<string, string> = {}) => ({
  from: bucket.toISOString(),
  to: new Date(bucket.getTime() + MINUTE).toISOString(),
  provider,
  model,
  ...errors,
});

/** A one-minute bucket as its tooltip names it (the page's own formatter: across midnight it shows both days). */
const minuteLabel = (bucket: Date) => `${formatBucketRange(bucket.toISOString(), 60)} UTC`;

test('charts render and the table view shows the recorded numbers', async ({ page }) => {
  await gotoTelemetry(page);
  await expect(page.getByRole('heading', { name: 'Telemetry', level: 1 })).toBeVisible();
  for (const id of ['streaming', 'rate-limits', 'cache', 'latency', 'tokens', 'quota']) {
    await expect(chart(page, id)).toHaveAccessibleName(/Arrow keys move between buckets, Enter opens the runs/);
    expect((await chart(page, id).boundingBox())!.height).toBe(PLOT_HEIGHT);
  }
  await expect(chart(page, 'errors')).toHaveAccessibleName(/Arrow keys move between kinds/);
  await expect(page.getByTestId('chart-streaming')).toContainText('75.0% streamed OK of 4 streams begun or refused');
  // Four streaming outcomes drawn in bucket 0 (three OK, one refused: two bars), the ratio line.
  await expect(page.locator('[data-testid="chart-streaming"] .series-streamedOk rect.bar')).toHaveCount(1);
  await expect(page.locator('[data-testid="chart-streaming"] .series-refused rect.bar')).toHaveCount(1);
  await expect(page.locator('[data-testid="chart-streaming"] .dot-ratio')).toHaveCount(1);
  // Count axes tick whole numbers: with 2 at the top, not "0 1 1 2 2" (0.5 and 1.5 rounded for display). A
  // value axis' ticks are drawn apart from it, anchored at its side: the left one's end, the right one's start.
  for (const [id, sides] of [
    ['streaming', ['end', 'start']],
    ['rate-limits', ['end']],
  ] as const) {
    for (const anchor of sides) {
      const values = page.locator(`[data-testid="chart-${id}"] text.recharts-cartesian-axis-tick-value[text-anchor="${anchor}"]`);
      await expect.poll(() => values.count()).toBeGreaterThan(1);
      const ticks = await values.allTextContents();
      expect(new Set(ticks).size, `${id}, ${anchor}: ticks ${ticks.join(' ')}`).toBe(ticks.length);
    }
  }

  // Hovering a column shows its tooltip.
  await page.locator('[data-testid="chart-rate-limits"] .series-overloaded rect.bar').hover();
  const tooltip = page.getByTestId('chart-rate-limits').getByTestId('chart-tooltip');
  await expect(tooltip).toContainText(minuteLabel(bucket1));
  await expect(tooltip).toContainText('529/503 overloaded');

  const streaming = await openTable(page, 'streaming');
  const streamingRow = streaming.getByRole('row').filter({ hasText: /\d{2}:\d{2}–/ });
  await expect(streamingRow).toHaveCount(1);
  await expect(streamingRow.getByRole('cell')).toHaveText(['5', '4', '3', '0', '1', '0', '1', '0', '75.0%']);

  const rateLimits = await openTable(page, 'rate-limits');
  const rateLimitRow = rateLimits.getByRole('row').filter({ hasText: /\d{2}:\d{2}–/ });
  await expect(rateLimitRow.getByRole('cell')).toHaveText(['2', '0', '1', '1']);

  const latency = await openTable(page, 'latency');
  await expect(
    latency
      .getByRole('row')
      .filter({ hasText: /\d{2}:\d{2}–/ })
      .getByRole('cell'),
  ).toHaveText(['4', '1,500 ms', '2,310 ms', '300 ms', '300 ms']);

  const errors = await openTable(page, 'errors');
  await expect(errors.getByRole('row', { name: /rate_limit/ }).getByRole('cell')).toHaveText(['2', '50.0%']);
  await expect(errors.getByRole('row', { name: /overloaded/ }).getByRole('cell')).toHaveText(['1', '25.0%']);
  await expect(errors.getByRole('row', { name: /stream_unsupported/ }).getByRole('cell')).toHaveText(['1', '25.0%']);
});

test('quota headroom: the falling remaining %, the forecast, the 429 and its cooldown, and the runs behind a point', async ({ page }) => {
  await gotoTelemetry(page);
  const panel = page.getByTestId('chart-quota');
  const label = `openai-chat e2e0e2e0 · ${model} · tokens`;
  await expect(panel).toContainText(`0.0% left of ${label} (the least headroom) · 1 of 1 quotas shown · 2 429s · 1 cooldowns`);
  // Spent at the 429: the forecast says so, with the rate fitted to the four samples (least squares: −2,470 ÷ 2,189 points a second).
  await expect(panel.getByTestId('quota-forecast')).toHaveText(`Forecast: ${label}: spent (−67.7 points a minute)`);
  await expect(panel.getByRole('button', { name: label, exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByRole('button', { name: '429 rate limit' })).toBeVisible();
  await expect(panel.locator('.series-rateLimited429 rect.bar')).toHaveCount(1);
  await expect(panel.locator('.band')).toHaveCount(1);
  await expect(panel.locator('.dot-remaining0')).toHaveCount(2);

  // The tooltip of bucket 0 says the lowest remaining % of the bucket.
  await panel.locator('.dot-remaining0').first().hover();
  const tooltip = panel.getByTestId('chart-tooltip');
  await expect(tooltip).toContainText(minuteLabel(bucket0));
  await expect(tooltip).toContainText('40.0%');

  const tables = await openTable(page, 'quota');
  await expect(
    tables
      .first()
      .getByRole('row', { name: new RegExp(label) })
      .getByRole('cell'),
  ).toHaveText(['0.0%', '0 / 1,000', '0.0%', /^\d\d:\d\d:\d\d UTC$/, 'spent (−67.7 points a minute)']);
  const buckets = tables
    .nth(1)
    .getByRole('row')
    .filter({ hasText: /\d{2}:\d{2}–/ });
  await expect(buckets.getByRole('cell')).toHaveText(['40.0%', '0', '—', '0.0%', '2', '4 s']);
  await panel.getByRole('button', { name: 'Chart', exact: true }).click();

  // A point opens the runs of its bucket; the 429 bar the rate-limited ones. Clicked where it is drawn, as a
  // person does: the hover dot recharts lays over a point the mouse was on takes the click for the chart.
  const point = (await panel.locator('.dot-remaining0').first().boundingBox())!;
  await page.mouse.click(point.x + point.width / 2, point.y + point.height / 2);
  expect(await runsOpened(page)).toEqual(bucketRuns(bucket0));
  await gotoTelemetry(page);
  await page.locator('[data-testid="chart-quota"] .series-rateLimited429 rect.bar').click();
  expect(await runsOpened(page)).toEqual(bucketRuns(bucket1, { hasErrors: '1', errorKind: 'rate_limit' }));
});

test("until the chart code arrives, the page shows the numbers and holds the charts' places", async ({ page }) => {
  // Hold back the script that carries recharts (loaded on its own, after hydration).
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_next/static/**/*.js', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes('recharts-surface')) await held;
    await route.fulfill({ response, body });
  });
  await page.goto(telemetryUrl);
  await expectTelemetryHydrated(page);
  await expect(page.getByTestId('chart-streaming')).toContainText('75.0% streamed OK of 4 streams begun or refused');
  await expect(page.getByTestId('chart-rate-limits').getByRole('button', { name: '429 rate limit' })).toBeVisible();
  const placeholders = page.locator('[data-chart-placeholder]');
  await expect(placeholders).toHaveCount(7);
  const heights = await placeholders.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().height));
  // Five time series, errors by kind, quota headroom.
  expect([...heights.slice(0, 5), heights[6]]).toEqual([PLOT_HEIGHT, PLOT_HEIGHT, PLOT_HEIGHT, PLOT_HEIGHT, PLOT_HEIGHT, PLOT_HEIGHT]);
  const panelTops = () =>
    page
      .locator('[data-testid^="chart-"]')
      .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().top + window.scrollY));
  const topsBefore = await panelTops();
  // The table view works already.
  const table = await openTable(page, 'latency');
  await expect(
    table
      .getByRole('row')
      .filter({ hasText: /\d{2}:\d{2}–/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('4');
  await page.getByTestId('chart-latency').getByRole('button', { name: 'Chart', exact: true }).click();
  await expect(page.locator('svg.recharts-surface')).toHaveCount(0);

  release();
  await expect(page.locator('[data-chart-buckets] svg.recharts-surface, [data-chart-categories] svg.recharts-surface')).toHaveCount(7);
  await expect(placeholders).toHaveCount(0);
  // Each plot takes its placeholder's place exactly: nothing on the page moves.
  const plotHeights = await page
    .locator('svg.recharts-surface[role="application"]')
    .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().height));
  expect(plotHeights).toEqual(heights);
  expect(await panelTops()).toEqual(topsBefore);
});

test('clicking a bar or a point opens the runs behind it', async ({ page }) => {
  await gotoTelemetry(page);
  // Errors by kind: the window, the filters and the error kind (rate_limit is the first bar).
  await page.locator('[data-testid="chart-errors"] .recharts-bar-rectangle').first().click();
  const errorParams = await runsOpened(page);
  expect(errorParams).toMatchObject({ provider, model, hasErrors: '1', errorKind: 'rate_limit' });
  expect(Date.parse(errorParams.to!) - Date.parse(errorParams.from!)).toBe(60 * MINUTE);

  // Rate-limit incidents: the bucket of the bar, with the bar's error kind.
  await gotoTelemetry(page);
  await page.locator('[data-testid="chart-rate-limits"] .series-rateLimited429 rect.bar').click();
  expect(await runsOpened(page)).toEqual(bucketRuns(bucket1, { hasErrors: '1', errorKind: 'rate_limit' }));

  // Above the bars, in the same column: the column's runs (rate-limit chart: those with errors).
  await gotoTelemetry(page);
  const retries = (await page.locator('[data-testid="chart-rate-limits"] .series-retries rect.bar').boundingBox())!;
  await page.mouse.click(retries.x + retries.width / 2, retries.y - 12);
  expect(await runsOpened(page)).toEqual(bucketRuns(bucket1, { hasErrors: '1' }));

  await gotoTelemetry(page);
  // Latency: a point of a line opens its bucket's runs (its tooltip names the bucket).
  const point = page.locator('[data-testid="chart-latency"] .dot-latencyP50');
  await point.hover();
  await expect(page.getByTestId('chart-latency').getByTestId('chart-tooltip')).toContainText(minuteLabel(bucket0));
  await point.click();
  expect(await runsOpened(page)).toEqual(bucketRuns(bucket0));
});

test('a chart is one tab stop: arrow keys pick a bucket, Enter opens its runs', async ({ page }) => {
  await gotoTelemetry(page);
  const rateLimits = chart(page, 'rate-limits');
  await rateLimits.focus();
  const tooltip = page.getByTestId('chart-rate-limits').getByTestId('chart-tooltip');
  // Focus shows the first bucket of the window; walk right to bucket 1 (about 40 buckets on).
  const wanted = minuteLabel(bucket1);
  for (let step = 0; step < 70 && !(await tooltip.textContent())?.includes(wanted); step++) {
    const before = await tooltip.textContent();
    await page.keyboard.press('ArrowRight');
    await expect(tooltip).not.toHaveText(before ?? '');
  }
  await expect(tooltip).toContainText(wanted);
  await expect(tooltip).toContainText('429 rate limit');
  await page.keyboard.press('Enter');
  expect(await runsOpened(page)).toMatchObject(bucketRuns(bucket1, { hasErrors: '1' }));
});

test('the legend shows and hides a series', async ({ page }) => {
  await gotoTelemetry(page);
  const panel = page.getByTestId('chart-rate-limits');
  const toggle = panel.getByRole('button', { name: '429 rate limit' });
  const bars = panel.locator('.series-rateLimited429 rect.bar');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(bars).toHaveCount(1);
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(bars).toHaveCount(0);
  await expect(panel.locator('.series-overloaded rect.bar')).toHaveCount(1);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(bars).toHaveCount(1);
});

test('the brush zooms into part of the window and puts it in the URL', async ({ page }) => {
  await gotoTelemetry(page);
  const shown = await page.getByTestId('telemetry-window').textContent();
  // From the keyboard: the left handle five buckets on, then Enter.
  const handles = page.getByTestId('chart-streaming').getByRole('slider');
  await expect(handles).toHaveCount(2);
  await handles.first().focus();
  for (let i = 0; i < 5; i++) {
    const before = await handles.first().getAttribute('aria-valuenow');
    await page.keyboard.press('ArrowRight');
    await expect(handles.first()).not.toHaveAttribute('aria-valuenow', before ?? '');
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/window=custom/);
  const zoomed = new URL(page.url()).searchParams;
  expect(zoomed.get('provider')).toBe(provider);
  const from = Date.parse(zoomed.get('from')!);
  const to = Date.parse(zoomed.get('to')!);
  // The 1 h window ends at the page load: from the fifth one-minute bucket after its first to its end.
  expect(from % MINUTE).toBe(0);
  expect(to - from).toBeGreaterThanOrEqual(55 * MINUTE);
  expect(to - from).toBeLessThanOrEqual(56 * MINUTE);
  await expect(page.getByTestId('telemetry-window')).not.toHaveText(shown ?? '');
  await expect(page.getByRole('radio', { name: 'Custom' })).toBeChecked();
  await expect(page.getByTestId('chart-streaming')).toContainText('75.0% streamed OK of 4 streams begun or refused');

  // With the mouse: the right handle dragged to the middle of the (new) window.
  await gotoTelemetry(page, `/telemetry?${zoomed.toString()}`);
  const right = page.getByTestId('chart-rate-limits').getByRole('slider').last();
  const box = (await right.boundingBox())!;
  const plot = (await chart(page, 'rate-limits').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(plot.x + plot.width / 2, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => new URL(page.url()).searchParams.get('to')).not.toBe(zoomed.get('to'));
  const dragged = new URL(page.url()).searchParams;
  expect(dragged.get('from')).toBe(zoomed.get('from'));
  expect(Date.parse(dragged.get('to')!)).toBeLessThan(to - 10 * MINUTE);
  // Back returns to the window before.
  await page.goBack();
  await expect.poll(() => new URL(page.url()).searchParams.get('to')).toBe(zoomed.get('to'));
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
  // The new window's plots are drawn from scratch; a panel showing its table keeps showing it.
  const table = await openTable(page, 'latency');
  await page.getByRole('radio', { name: '7 d' }).check();
  await expect(page.getByTestId('telemetry-window')).toContainText('2-hour buckets');
  await expect(table).toBeVisible();
  await expect(chart(page, 'streaming')).toBeVisible();
});

test('a custom window is checked in the browser and then shown', async ({ page }) => {
  await gotoTelemetry(page);
  await page.getByRole('radio', { name: 'Custom' }).check();
  const form = page.getByRole('form', { name: 'Custom window' });
  const minute = (date: Date) => date.toISOString().slice(0, 16);
  await form.getByLabel('From (UTC)').fill(minute(bucket1));
  await form.getByLabel('To (UTC)').fill(minute(bucket0));
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(form.getByRole('alert')).toHaveText('to must be at least one minute after from');
  await expect(page).toHaveURL(/window=1h/);
  await form.getByLabel('From (UTC)').fill(minute(bucket0));
  await form.getByLabel('To (UTC)').fill(minute(new Date(bucket1.getTime() + MINUTE)));
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`window=custom&from=${encodeURIComponent(bucket0.toISOString())}`));
  await expect(page.getByTestId('chart-streaming')).toContainText('75.0% streamed OK of 4 streams begun or refused');
  await expect(page.getByTestId('chart-rate-limits')).toContainText('2 rate limited');
});

test.describe('in a browser in New York with a 12-hour clock', () => {
  test.use({ locale: 'en-US', timezoneId: 'America/New_York' });

  test('the custom window is shown and typed in 24-hour UTC', async ({ page }) => {
    const utc = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');
    const to = new Date(bucket1.getTime() + MINUTE);
    await gotoTelemetry(
      page,
      `/telemetry?window=custom&from=${bucket0.toISOString()}&to=${to.toISOString()}&provider=${provider}&model=${model}`,
    );
    await page.getByRole('radio', { name: 'Custom' }).check();
    const form = page.getByRole('form', { name: 'Custom window' });
    // The window of the address, as the charts' times read (HH:MM UTC): not a local time, not AM/PM.
    await expect(form.getByLabel('From (UTC)')).toHaveValue(utc(bucket0));
    await expect(form.getByLabel('To (UTC)')).toHaveValue(utc(to));
    await form.getByLabel('From (UTC)').fill(utc(bucket1));
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`window=custom&from=${encodeURIComponent(bucket1.toISOString())}`));
    await expect(page.getByTestId('chart-rate-limits')).toContainText('2 rate limited');
  });
});

test('an empty window says so and suggests starting a run', async ({ page }) => {
  await gotoTelemetry(page, `/telemetry?window=1h&provider=nobody-${tag}`, 0);
  const empty = page.getByTestId('telemetry-empty');
  await expect(empty).toContainText('No provider calls in this window');
  await expect(empty.getByRole('link', { name: 'Start a run' })).toHaveAttribute('href', '/runs/new');
  await expect(page.locator('[data-chart-buckets], [data-chart-placeholder]')).toHaveCount(0);
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
  expect(body.quota.series.map((series: { account: string; lowestPct: number }) => [series.account, series.lowestPct])).toEqual([
    [ACCOUNT, 0],
  ]);
});
