import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/test';
import { simulatorRun, startRun, waitForStatus } from './support/runs';
import { expectTelemetryHydrated } from './support/hydration';

// Journeys across pages: runs made from the console show up in telemetry and lead back to
// themselves, and every page is captured at 1440×900 for a person to look at.

const SCREENSHOTS = join(process.cwd(), 'e2e/screenshots');
const passwordBase = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

test('runs just made appear in telemetry, and a chart point opens the runs behind it', async ({ page, request }) => {
  const model = `journey-${Date.now().toString(36)}`;
  const healthy = await startRun(request, { profileName: 'simulator-chat', task: 'Say hello.', overrides: { model } });
  const throttled = await startRun(request, {
    profileName: 'simulator-chat',
    task: 'Say hello after a rate limit.',
    overrides: { model, simulatorScenario: 'rate_limit_html; times=1; retry_after=1' },
  });
  await waitForStatus(request, healthy, 'succeeded');
  await waitForStatus(request, throttled, 'succeeded');

  await page.goto(`/telemetry?window=1h&provider=simulator&model=${model}`);
  await expectTelemetryHydrated(page);
  for (const id of ['streaming', 'rate-limits', 'cache', 'latency', 'tokens']) {
    await expect(page.getByTestId(`chart-${id}`).getByRole('application', { name: /Arrow keys move between buckets/ })).toBeVisible();
  }
  await expect(page.getByTestId('chart-errors').getByRole('application', { name: /Arrow keys move between kinds/ })).toBeVisible();
  const rateLimits = page.getByTestId('chart-rate-limits');
  await rateLimits.getByRole('button', { name: 'Table', exact: true }).click();
  // One 429 (the throttled run's first attempt) and one retry, over the buckets of the window.
  const rows = rateLimits
    .getByRole('table')
    .getByRole('row')
    .filter({ hasText: /\d{2}:\d{2}–/ });
  await expect(rows.first()).toBeVisible();
  const cells = await rows.evaluateAll((elements) =>
    elements.map((row) => [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent?.replace(/,/g, '')))),
  );
  expect(cells.reduce((sum, row) => sum + (row[0] ?? 0), 0)).toBe(1);
  expect(cells.reduce((sum, row) => sum + (row[3] ?? 0), 0)).toBe(1);

  await rateLimits.getByRole('button', { name: 'Chart', exact: true }).click();
  await rateLimits.locator('.series-rateLimited429 rect.bar').first().click();
  await page.waitForURL(/\/runs\?/);
  const params = Object.fromEntries(new URL(page.url()).searchParams);
  expect(params).toMatchObject({ provider: 'simulator', model, errorKind: 'rate_limit' });
  await expect(page.locator(`tr[data-run-id="${throttled}"]`)).toBeVisible();
  await expect(page.locator(`tr[data-run-id="${healthy}"]`)).toHaveCount(0);
});

test('screenshots of every page at 1440×900, none carrying a key', async ({ page, request }) => {
  test.setTimeout(90_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  const id = await startRun(
    request,
    simulatorRun('simulator-anthropic', 'Use list_files, then read_file {"path": "notes.md"} and summarize it.'),
  );
  await waitForStatus(request, id, 'succeeded');
  const failed = await startRun(request, simulatorRun('simulator-chat', 'Meet a 502 page.', 'server_html'));
  await waitForStatus(request, failed, 'failed');
  const pages: [string, string][] = [
    ['home', '/'],
    ['new-run', '/runs/new'],
    ['runs', '/runs'],
    ['run', `/runs/${id}`],
    ['telemetry', '/telemetry?window=1h'],
    ['providers', '/providers'],
    ['failed-run', `/runs/${failed}`],
    ['alerts', '/alerts'],
  ];
  for (const [name, path] of pages) {
    await page.goto(path);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
    // The web server runs with a planted fake OPENAI_API_KEY: no page may carry it.
    expect(await page.content(), `${path} leaks the key`).not.toContain('sk-e2e-planted');
  }
  await page.goto(`${passwordBase}/login`);
  await page.screenshot({ path: join(SCREENSHOTS, 'login.png') });
});
