// Quota headroom in the browser, with nothing but the Simulator: a quota_headroom rule is made on
// /alerts, then runs drain a key's tokens (drain_quota, a model of this spec's own, so the budget and
// the series are its alone). /telemetry shows the remaining % falling from one load to the next and
// forecasts the exhaustion; the rule fires before the first 429 (the database says when each
// happened); the 429 and its cooldown then show on the chart, and a point opens the runs behind it.
import { randomBytes } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './support/test';
import type pg from 'pg';
import { connectTestDatabase } from './support/database';
import { startRun, waitForStatus } from './support/runs';
import { expectTelemetryHydrated } from './support/hydration';

const tag = randomBytes(4).toString('hex');
const model = `e2e-quota-${tag}`;
const ruleName = `E2E quota running low ${tag}`;
// ~830 tokens a run (simulator-chat, "[[words:60]]"): about a fifth of the limit each.
const scenario = 'drain_quota; rpm=1000; tpm=4000';
const telemetryUrl = `/telemetry?window=1h&provider=simulator&model=${model}`;

let client: pg.Client;

test.beforeAll(async () => {
  client = await connectTestDatabase();
});

test.afterAll(async () => {
  await client?.query(`DELETE FROM "AlertRule" WHERE name = $1`, [ruleName]);
  await client?.end();
});

async function drainRun(request: APIRequestContext): Promise<string> {
  const runId = await startRun(request, {
    profileName: 'simulator-chat',
    task: 'Say hello. [[words:60]]',
    overrides: { model, simulatorScenario: scenario },
  });
  await waitForStatus(request, runId, /^(succeeded|failed)$/, 60_000);
  return runId;
}

async function refusals(): Promise<number> {
  const result = await client.query<{ count: string }>(
    `SELECT count(*) FROM "ProviderCall" WHERE "modelRequested" = $1 AND "httpStatus" = 429`,
    [model],
  );
  return Number(result.rows[0]!.count);
}

/** The quota chart of this spec's model, loaded and drawn; its table of quotas. */
async function quotaPanel(page: Page) {
  await page.goto(telemetryUrl);
  await expectTelemetryHydrated(page);
  const panel = page.getByTestId('chart-quota');
  await expect(panel.locator('[data-chart-buckets] svg.recharts-surface')).toHaveCount(1);
  return panel;
}

async function leftNow(page: Page): Promise<number> {
  const panel = await quotaPanel(page);
  await panel.getByRole('button', { name: 'Table', exact: true }).click();
  const row = panel
    .getByRole('table')
    .first()
    .getByRole('row', { name: new RegExp(`· ${model} · tokens`) });
  const text = await row.getByRole('cell').first().textContent();
  return Number(text!.replace('%', ''));
}

test('a drained key: headroom falls with a forecast, the headroom alert fires before the 429, and the chart shows both', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);

  // The rule, through the form: quota headroom below 50 % over 5 minutes, on this spec's model.
  await page.goto('/alerts');
  const form = page.locator('#rule-form');
  await form.getByLabel('Name', { exact: true }).fill(ruleName);
  await form.getByLabel('Metric', { exact: true }).selectOption('quota_headroom');
  await expect(form.getByLabel('Fires when the value is')).toHaveValue('lt');
  await form.getByLabel('Threshold (%)').fill('50');
  await form.getByLabel('Window', { exact: true }).selectOption('300');
  await form.getByLabel('Minimum calls').fill('1');
  await form.getByLabel('Provider', { exact: true }).selectOption('simulator');
  await form.getByLabel('Model (requested)').fill(model);
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByRole('status')).toContainText(`Rule “${ruleName}” created.`);
  await expect(page.getByTestId('alert-rules').getByRole('row', { name: new RegExp(ruleName) })).toContainText('Quota headroom < 50 %');

  // Headroom falls from one run to the next, and the chart forecasts when it runs out.
  await drainRun(request);
  const first = await leftNow(page);
  expect(first).toBeLessThan(100);
  await drainRun(request);
  const second = await leftNow(page);
  expect(second).toBeLessThan(first);
  const panel = await quotaPanel(page);
  await expect(panel.getByTestId('quota-forecast')).toContainText(
    new RegExp(`Forecast: openai-chat [0-9a-f]{8} · ${model} · tokens: runs out in ~\\d+ (s|min)`),
  );
  await expect(panel.getByRole('button', { name: new RegExp(`· ${model} · tokens \\(forecast\\)$`) })).toBeVisible();
  // The dashed forecast is drawn from the latest sample on.
  await expect(panel.locator('.dot-forecast0').first()).toBeAttached();

  // Drain on until the first 429 (the alert evaluator runs every second in the e2e console).
  for (let i = 0; i < 12 && (await refusals()) === 0; i++) {
    await page.waitForTimeout(1200);
    await drainRun(request);
  }
  expect(await refusals()).toBeGreaterThan(0);
  const times = await client.query<{ fired: Date; refused: Date }>(
    `SELECT (SELECT min("firedAt") FROM "AlertIncident" WHERE "ruleName" = $1) AS fired,
            (SELECT min("startedAt") FROM "ProviderCall" WHERE "modelRequested" = $2 AND "httpStatus" = 429) AS refused`,
    [ruleName, model],
  );
  expect(times.rows[0]!.fired, 'the headroom alert fired').not.toBeNull();
  expect(times.rows[0]!.fired.getTime()).toBeLessThan(times.rows[0]!.refused.getTime());

  // The incident on /alerts (firing, or resolved once the quota came back).
  await page.goto('/alerts');
  const incident = page
    .locator('[data-testid="firing-incidents"], [data-testid="recent-incidents"]')
    .getByRole('row', { name: new RegExp(ruleName) });
  await expect(incident).toHaveCount(1);
  await expect(incident).toContainText('Quota headroom');
  await expect(incident).toContainText('< 50 %');

  // The chart: the quota at 0 %, the 429 as a bar, its cooldown shaded.
  const after = await quotaPanel(page);
  await expect(after.locator('.series-rateLimited429 rect.bar').first()).toBeAttached();
  await expect(after.locator('.band').first()).toBeAttached();
  await expect(after).toContainText(`left of openai-chat`);
  await after.getByRole('button', { name: 'Table', exact: true }).click();
  const quotas = after.getByRole('table').first();
  await expect(
    quotas
      .getByRole('row', { name: new RegExp(`· ${model} · tokens`) })
      .getByRole('cell')
      .nth(2),
  ).toHaveText('0.0%');
  // Back to the chart: with the forecast hidden (its first point lies on the latest sample's), a
  // point of the line opens the runs behind its bucket.
  await after.getByRole('button', { name: 'Chart', exact: true }).click();
  await after.getByRole('button', { name: new RegExp(`· ${model} · tokens \\(forecast\\)$`) }).click();
  await expect(after.locator('.dot-forecast0')).toHaveCount(0);
  await after.locator('.dot-remaining0').first().click();
  await page.waitForURL(/\/runs\?/);
  const params = Object.fromEntries(new URL(page.url()).searchParams);
  expect(params).toMatchObject({ provider: 'simulator', model });
  await expect(page.locator('tr[data-run-id]').first()).toBeVisible();
});
