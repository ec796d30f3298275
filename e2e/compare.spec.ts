// Comparisons: one task on the four Simulator profiles from New run, watched live on one stream
// until every run finishes; the aligned table; the CSV export; a comparison of one profile refused.
import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { waitForStatus } from './support/runs';

const SIMULATOR_PROFILES = [
  ['simulator-chat', 'Simulator · OpenAI Chat'],
  ['simulator-responses', 'Simulator · OpenAI Responses (reasoning)'],
  ['simulator-anthropic', 'Simulator · Anthropic Messages (thinking, cache)'],
  ['simulator-openrouter', 'Simulator · OpenRouter'],
] as const;

const TASK = 'Use list_files, then read_file {"path": "README.md"} and summarize it.';

/** The newest comparison's id (or null): a refused start must leave it unchanged. */
async function newestComparisonId(request: APIRequestContext): Promise<string | null> {
  const response = await request.get('/api/comparisons?limit=1');
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { comparisons: { id: string }[] }).comparisons[0]?.id ?? null;
}

/** The live streams the page opens: a comparison's, and any run's. */
function countStreams(page: Page) {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (/\/api\/(comparisons|runs)\/[^/]+\/events/.test(request.url())) urls.push(new URL(request.url()).pathname);
  });
  return urls;
}

async function openedComparisonId(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/compare\/[0-9a-f-]{36}$/);
  return page.url().split('/').at(-1)!;
}

test('New run → "Run on several profiles" on the four Simulator profiles: the runs live side by side until all finish', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const streams = countStreams(page);
  await page.goto('/runs/new');
  await page.getByRole('radio', { name: 'Run on several profiles' }).check();
  // The one-profile fields give way to the profiles to tick.
  await expect(page.getByLabel('Profile', { exact: true })).toBeHidden();
  for (const [, label] of SIMULATOR_PROFILES) await page.getByRole('checkbox', { name: label }).check();
  // One member fails in its own way: its provider refuses to stream. Another streams slowly (120 ms a chunk, its
  // three turns several seconds): the comparison is still live when its page has opened, however busy the machine.
  await page.getByLabel(`Fault scenario for ${SIMULATOR_PROFILES[1][1]}`).selectOption('stream_unsupported');
  await page.getByLabel(`Fault scenario for ${SIMULATOR_PROFILES[2][1]}`).selectOption('slow_stream; ms=120');
  await expect(page.getByLabel(/^Fault scenario for /)).toHaveCount(4);
  await page.getByRole('textbox', { name: 'Task' }).fill(TASK);
  await page.getByRole('button', { name: 'Start comparison' }).click();
  const id = await openedComparisonId(page);

  const columns = page.getByTestId('live-column');
  await expect(columns).toHaveCount(4);
  for (const [index, [name]] of SIMULATOR_PROFILES.entries()) await expect(columns.nth(index)).toContainText(name);
  await expect(page.getByTestId('live-fault')).toHaveText(['fault: stream_unsupported', 'fault: slow_stream']);
  await expect(columns.nth(1).getByTestId('live-fault')).toBeVisible();
  // Watched while it runs: the page said runs were still going, and text streamed into a column.
  await expect(page.getByTestId('stream-status')).toHaveText(/Live · [1-4] of 4 runs still going\./, { timeout: 20_000 });
  await expect
    .poll(async () => (await page.getByTestId('live-text').allTextContents()).join('').trim().length, { timeout: 30_000 })
    .toBeGreaterThan(0);

  await expect(page.locator('[data-testid="live-column"][data-status="succeeded"]')).toHaveCount(4, { timeout: 90_000 });
  await expect(page.getByTestId('stream-status')).toHaveText('All 4 runs have ended.');
  // Each column ends on its final answer's text, under its last turn, numbered as people count (its count of turns).
  for (const text of await page.getByTestId('live-text').allTextContents()) expect(text.trim().length).toBeGreaterThan(10);
  for (let column = 0; column < 4; column++) {
    const count = await columns.nth(column).getByTestId('live-turn-count').textContent();
    expect(Number(count)).toBeGreaterThan(0);
    await expect(columns.nth(column).getByTestId('live-turn')).toHaveText(new RegExp(`^Turn ${count}( |$)`));
  }

  // The aligned view followed: every run's summary says it succeeded, and turns have figures.
  const summary = page.getByTestId('summary-table');
  await expect(summary.locator('tbody tr')).toHaveCount(4);
  await expect(summary.locator('tbody tr', { hasText: 'succeeded' })).toHaveCount(4, { timeout: 10_000 });
  await expect(summary.locator('[data-best]').first()).toBeVisible();
  const aligned = page.getByTestId('aligned-table');
  await expect(aligned.locator('tbody tr').first()).toContainText('Tokens in / out');
  await expect(aligned).toContainText('list_files(');
  // The faulty member says so, and each of its turns fell back to a non-streamed call; the others streamed.
  await expect(summary.getByTestId('fault-scenario')).toHaveCount(2);
  await expect(summary.locator('tbody tr').nth(1).getByTestId('fault-scenario')).toHaveText('fault: stream_unsupported');
  const rows = aligned.locator('tbody tr');
  for (let row = 0; row < (await rows.count()); row++) {
    const cells = rows.nth(row).locator('td');
    if ((await cells.nth(1).getAttribute('data-cell')) === 'turn')
      await expect(cells.nth(1)).toContainText(/Delivery\s*non-streaming fallback/);
    if ((await cells.nth(0).getAttribute('data-cell')) === 'turn') await expect(cells.nth(0)).toContainText(/Delivery\s*streamed/);
  }

  // One stream for all four runs, never one per run.
  expect(streams.length).toBeGreaterThanOrEqual(1);
  expect(new Set(streams)).toEqual(new Set([`/api/comparisons/${id}/events`]));
});

test('the comparisons list opens a comparison: its aligned table, final answers, and the CSV export', async ({ page, request }) => {
  const task = `Say hello in one short sentence. ${Date.now()}`;
  const started = await request.post('/api/comparisons', {
    data: { profileNames: ['simulator-chat', 'simulator-anthropic', 'simulator-openrouter'], task },
  });
  expect(started.status(), await started.text()).toBe(201);
  const { comparisonId, runIds } = (await started.json()) as { comparisonId: string; runIds: string[] };
  for (const runId of runIds) await waitForStatus(request, runId, 'succeeded', 60_000);

  await page.goto('/compare');
  const row = page.locator(`[data-comparison-id="${comparisonId}"]`);
  await expect(row).toContainText('simulator-anthropic');
  await expect(row.locator('[data-status="succeeded"]')).toHaveCount(3);
  await row.getByRole('link', { name: task }).click();
  await expect(page).toHaveURL(new RegExp(`/compare/${comparisonId}$`));

  const aligned = page.getByTestId('aligned-table');
  await expect(aligned.locator('thead th')).toHaveText(['Turn', '1 simulator-chat', '2 simulator-anthropic', '3 simulator-openrouter']);
  const turns = await aligned.locator('tbody tr').count();
  expect(turns).toBeGreaterThan(0);
  // Turns are numbered from 1, here as on the run page.
  const numbers = Array.from({ length: turns }, (_, index) => String(index + 1));
  await expect(aligned.locator('tbody th[scope="row"]')).toHaveText(numbers);
  await expect(aligned.locator('[data-cell="turn"]').first()).toContainText('streamed');
  // The answers after the first column are word diffs against it.
  await expect(page.getByTestId('final-answer')).toHaveCount(3);
  await expect(page.getByTestId('answer-diff')).toHaveCount(2);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toBe(`comparison-${comparisonId}.csv`);
  const lines = (await readFile((await download.path())!, 'utf8')).trim().split('\r\n');
  expect(lines[0]!.split(',')).toEqual([
    'row',
    'turn',
    'column',
    'run_id',
    'profile',
    'runtime',
    'model',
    'fault_scenario',
    'status',
    'finish_reason',
    'tool_calls',
    'input_tokens',
    'output_tokens',
    'cache_read_tokens',
    'cache_write_tokens',
    'cost_usd',
    'provider_cost_usd',
    'latency_ms',
    'ttft_ms',
    'wall_ms',
    'attempts',
    'retries',
    'fallbacks',
    'delivery',
    'errors',
    'outcome',
  ]);
  const rows = lines.slice(1).map((line) => line.split(','));
  const turnRows = rows.filter((cells) => cells[0] === 'turn');
  expect(turnRows).toHaveLength(turns * 3);
  expect([...new Set(turnRows.map((cells) => cells[1]))]).toEqual(numbers);
  for (const cells of turnRows) expect([cells[7], cells[8]]).toEqual(['', 'succeeded']);
  expect(rows.filter((cells) => cells[0] === 'run').map((cells) => [cells[2], cells[3], cells[4], cells[8], cells.at(-1)])).toEqual([
    ['1', runIds[0], 'simulator-chat', 'succeeded', 'succeeded'],
    ['2', runIds[1], 'simulator-anthropic', 'succeeded', 'succeeded'],
    ['3', runIds[2], 'simulator-openrouter', 'succeeded', 'succeeded'],
  ]);
});

test('a comparison of one profile is refused with a clear message, and nothing is created', async ({ page, request }) => {
  const before = await newestComparisonId(request);
  await page.goto('/runs/new?several=1');
  await page.getByRole('checkbox', { name: SIMULATOR_PROFILES[0][1] }).check();
  await page.getByRole('textbox', { name: 'Task' }).fill('Say hello.');
  await page.getByRole('button', { name: 'Start comparison' }).click();

  await expect(page.locator('#run-profiles-error')).toHaveText('Choose at least 2 profiles to compare');
  await expect(page.getByRole('checkbox', { name: SIMULATOR_PROFILES[0][1] })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#form-error')).toHaveText('Some fields need attention.');
  await expect(page).toHaveURL(/\/runs\/new/);
  await page.waitForTimeout(500);
  expect(await newestComparisonId(request)).toBe(before);
});
