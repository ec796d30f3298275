// Every console page fits its window: nothing scrolls sideways at 1280 or 390 px, even with a long
// task in the lists; a long task is cut to a line, and its whole text is offered on hover and on
// focus; forms stack on a narrow screen instead of squeezing their fields.
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { CONSOLE_PAGES } from '../app/_components/console-pages';
import { connectTestDatabase, insertRow } from './support/database';
import { simulatorRun, startRun, waitForStatus } from './support/runs';
import { expect, test } from './support/test';
import { expectTelemetryHydrated } from './support/hydration';

const passwordBase = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;
const tag = Date.now().toString(36);
// Words and one unbroken path, as tasks people paste look: longer than any column has room for.
const LONG_TASK =
  `Read workspace/services/billing/adapters/legacy-invoice-exporter/src/InvoiceExportScheduler.ts (${tag}) and ` +
  'explain, step by step and with examples, why the nightly export retries three times before it gives up, ' +
  'what each retry changes, and which of the settings in config/export.yaml a person should tune first.';

let runId = '';
let comparisonId = '';
let ruleId = '';

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  runId = await startRun(request, simulatorRun('simulator-chat', LONG_TASK));
  // A model id longer than its column, unbroken, as fine-tunes and routed models are named.
  const longModel = await startRun(request, {
    ...simulatorRun('simulator-chat', `Say hello. ${tag}`),
    overrides: { model: `ft:sim-gpt-2026-12-07:acme-billing:invoice-export-nightly:${tag}` },
  });
  const comparison = await request.post('/api/comparisons', {
    data: { profileNames: ['simulator-chat', 'simulator-openrouter'], task: LONG_TASK },
  });
  expect(comparison.status(), await comparison.text()).toBe(201);
  const started = (await comparison.json()) as { comparisonId: string; runIds: string[] };
  comparisonId = started.comparisonId;
  for (const id of [runId, longModel, ...started.runIds]) await waitForStatus(request, id, 'succeeded', 60_000);
  // A rule with a long name and model on /alerts (disabled: it never fires, never counts for another spec).
  const client = await connectTestDatabase();
  ruleId = await insertRow(client, 'AlertRule', {
    name: `Rate limits on the nightly invoice export of the billing service ${tag}`,
    metric: 'rate_limit_incidents',
    comparison: 'gte',
    threshold: 2,
    provider: 'simulator',
    model: `billing-invoice-export-nightly-fine-tuned-model-${tag}`,
    windowSeconds: 300,
    minCalls: 1,
    enabled: false,
    updatedAt: new Date(),
  });
  await client.end();
});

test.afterAll(async () => {
  if (!ruleId) return;
  const client = await connectTestDatabase();
  await client.query(`DELETE FROM "AlertRule" WHERE id = $1`, [ruleId]);
  await client.end();
});

/** Every page a person can reach, each with what shows once it is fully drawn. */
function everyPage(): { url: string; ready: (page: Page) => Locator }[] {
  const heading = (name: string) => (page: Page) => page.getByRole('heading', { level: 1, name });
  return [
    { url: '/', ready: (page) => page.getByTestId('runs-table') },
    ...Object.entries(CONSOLE_PAGES).map(([path, title]) => ({ url: path, ready: heading(title) })),
    { url: '/runs/new?several=1', ready: (page) => page.getByRole('button', { name: 'Start comparison' }) },
    { url: `/runs/${runId}`, ready: (page) => page.getByTestId('stream-status').filter({ hasText: 'Run succeeded' }) },
    { url: `/compare/${comparisonId}`, ready: (page) => page.getByTestId('live-column').first() },
    { url: '/telemetry?window=24h', ready: (page) => page.locator('[data-hydrated]') },
    // Without a password: it says there is nothing to sign in to.
    { url: '/login', ready: (page) => page.getByRole('heading', { level: 1 }) },
    { url: `${passwordBase}/login`, ready: heading('Sign in') },
  ];
}

/** Whether an element shows all it holds (nothing cut on either side). */
const fits = (element: Element) => element.scrollWidth <= element.clientWidth && element.scrollHeight <= element.clientHeight;

/** How wide the document is: wider than the window means the page scrolls sideways. */
const documentWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

// E2E_SCREENSHOT_DIR=<folder>: each page is also captured, whole, at each width, for a person to look at.
const screenshots = process.env.E2E_SCREENSHOT_DIR;
const fileName = (url: string) =>
  (url.startsWith(passwordBase) ? 'password-' : '') +
  (url
    .replace(passwordBase, '')
    .replace(/[0-9a-f-]{36}/, 'id')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '') || 'home');

for (const width of [1440, 1280, 390]) {
  test(`no page scrolls sideways at ${width} px, with a long task listed`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    for (const { url, ready } of everyPage()) {
      await page.goto(url);
      await expect(ready(page)).toBeVisible();
      expect.soft(await documentWidth(page), `${url} at ${width} px`).toBeLessThanOrEqual(width);
      if (screenshots) await page.screenshot({ path: join(screenshots, `${width}-${fileName(url)}.png`), fullPage: true });
    }
  });
}

test('a long task is cut to one line in the runs lists; its whole text shows on hover and on focus', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const url of ['/runs', '/']) {
    await page.goto(url);
    expect(await documentWidth(page), url).toBeLessThanOrEqual(1280);
    const row = page.locator(`tr[data-run-id="${runId}"]`);
    // On hover: the browser's tooltip of the title.
    const task = row.getByTitle(LONG_TASK);
    await expect(task).toHaveText(LONG_TASK);
    expect(await task.evaluate(fits), `${url}: the task is cut`).toBe(false);
    const cutHeight = await task.evaluate((element) => element.clientHeight);
    // The table fits its panel, with no scrollbar of its own.
    const wrap = page.getByTestId('runs-table').locator('..');
    expect(await wrap.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);

    // The keyboard reaches the run's link, and the whole task unfolds while it has the focus.
    const link = row.getByRole('link').first();
    await link.focus();
    await expect(link).toBeFocused();
    await expect.poll(() => task.evaluate(fits)).toBe(true);
    expect(await task.evaluate((element) => element.clientHeight)).toBeGreaterThan(cutHeight);
    expect(await documentWidth(page), `${url} with the task unfolded`).toBeLessThanOrEqual(1280);
  }
});

/** The text fields and selects of `scope` narrower than `min` px (as shown: hidden ones are not counted). */
async function squeezedControls(scope: Locator, min: number): Promise<string[]> {
  return scope.evaluate((root, least) => {
    const controls = root.querySelectorAll<HTMLElement>('input:not([type="checkbox"], [type="radio"], [type="hidden"]), select, textarea');
    return [...controls]
      .filter((control) => control.offsetParent !== null && control.getBoundingClientRect().width < least)
      .map((control) => `${control.id || control.getAttribute('name')}: ${Math.round(control.getBoundingClientRect().width)} px`);
  }, min);
}

test('forms stack at 390 px: no field is squeezed, no hint runs one word a line', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto('/runs/new?profile=simulator-chat');
  await page.getByText('Advanced: system prompt, fallback profiles').click();
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Start run' }) });
  await expect(form.getByLabel('Scenario header')).toBeVisible();
  expect(await squeezedControls(form, 180)).toEqual([]);
  expect(await documentWidth(page)).toBeLessThanOrEqual(390);
  const hint = page.locator('#run-scenario-hint');
  // Its hint fits in two lines or three, not one word per line.
  expect(
    await hint.evaluate((element) => element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight)),
  ).toBeLessThan(4);

  await page.goto('/runs');
  expect(await squeezedControls(page.getByTestId('run-filters'), 180)).toEqual([]);
  await page.goto('/alerts');
  expect(await squeezedControls(page.locator('#rule-form'), 180)).toEqual([]);
  await page.goto('/telemetry?window=1h');
  await expectTelemetryHydrated(page);
  await page.getByRole('radio', { name: 'Custom' }).check();
  expect(await squeezedControls(page.getByRole('region', { name: 'Telemetry window and filters' }), 180)).toEqual([]);
  expect(await documentWidth(page)).toBeLessThanOrEqual(390);
});
