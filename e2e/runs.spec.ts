import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Request } from '@playwright/test';
import { expect, test } from './support/test';
import { openNewRun, runEvents, runStatus, simulatorRun, startRun, waitForStatus } from './support/runs';

// Runs are started through the JSON API (POST /api/runs) and really execute: `npm start`'s worker
// processes run them against their built-in provider simulators.

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

async function transcriptText(page: Page): Promise<string> {
  return normalize((await page.getByTestId('assistant-text').allTextContents()).join(''));
}

const slowRun = (words: number, ms: number) =>
  simulatorRun('simulator-chat', `Describe the plumbing of a provider call. [[words:${words}]]`, `slow_stream; ms=${ms}`);

test.describe('runs', () => {
  test('the JSON API validates what it is given', async ({ request }) => {
    const invalid = await request.post('/api/runs', { data: { profileName: 'no-such-profile', task: 'x' } });
    expect(invalid.status()).toBe(400);
    expect((await invalid.json()).fieldErrors.profileName[0]).toContain('No profile named');
    const empty = await request.post('/api/runs', { data: { profileName: 'simulator-chat', task: '' } });
    expect(empty.status()).toBe(400);
    expect((await empty.json()).fieldErrors.task).toBeTruthy();
    const notJson = await request.post('/api/runs', { data: 'profileName=simulator-chat', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status()).toBe(415);
    const huge = await request.post('/api/runs', { data: { profileName: 'simulator-chat', task: 'x'.repeat(300_000) } });
    expect(huge.status()).toBe(413);

    const malformed = await request.get('/api/runs/not-a-uuid');
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error).toMatch(/Malformed run id/);
    const unknown = '00000000-0000-7000-8000-000000000000';
    for (const path of [
      `/api/runs/${unknown}`,
      `/api/runs/${unknown}/events`,
      `/api/runs/${unknown}/export`,
      `/api/runs/${unknown}/errors/turn_1.json`,
    ]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
      expect((await response.json()).error).toContain('No run with id');
    }
    expect((await request.get('/api/runs/not-a-uuid/export')).status()).toBe(400);
    expect((await request.get('/api/runs?status=exploded')).status()).toBe(400);
  });

  test('streams a run live; a reload mid-run replays it with no gap and no duplicate', async ({ page, request }) => {
    test.setTimeout(120_000);
    // ~30 s of streaming (9 s at 60 ms a chunk was over before a page under load 14 had its first text).
    const id = await openNewRun(page, request, slowRun(400, 200));
    await expect(page.getByTestId('run-status')).toHaveText(/running|queued/);
    const text = page.getByTestId('assistant-text').first();
    await expect(text).toContainText('Simulated answer to: "Describe the plumbing of a provider call."', { timeout: 30_000 });

    // The text grows while we watch: it is streamed, not loaded at the end.
    const early = (await transcriptText(page)).length;
    await expect.poll(async () => (await transcriptText(page)).length, { timeout: 10_000 }).toBeGreaterThan(early + 20);
    await expect(page.getByTestId('stream-status')).toContainText('Live');

    expect(await runStatus(request, id)).toBe('running');
    await page.reload();
    await expect(page.getByTestId('stream-status')).toContainText('Run succeeded', { timeout: 60_000 });
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/);

    const log = await runEvents(request, id);
    expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index));
    const streamed = normalize(log.flatMap((event) => (event.type === 'text-delta' ? [event.payload.text] : [])).join(''));
    expect(streamed.length).toBeGreaterThan(1000);
    expect(await transcriptText(page)).toBe(streamed);

    // Per-turn metadata from the ProviderCall rows.
    const strip = page.getByTestId('turn-strip');
    await expect(strip).toContainText('simulator/simulator-chat');
    await expect(strip).toContainText('streamed');
    await expect(strip).toContainText('TTFT');

    // The SSE route itself: contiguous ids from the start, or after Last-Event-ID, then `end`.
    const sse = await request.get(`/api/runs/${id}/events`);
    expect(sse.headers()['content-type']).toContain('text/event-stream');
    const body = await sse.text();
    const ids = [...body.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    expect(ids).toEqual(log.map((event) => event.seq));
    expect(body).toMatch(/event: end\ndata: \{"status":"succeeded"\}\n\n$/);
    const resumed = await (await request.get(`/api/runs/${id}/events`, { headers: { 'Last-Event-ID': '3' } })).text();
    expect([...resumed.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]))).toEqual(log.slice(4).map((event) => event.seq));
  });

  test('Cancel stops a running run, and Resume continues it', async ({ page, request }) => {
    test.setTimeout(90_000);
    const id = await openNewRun(page, request, slowRun(600, 120));
    await expect(page.getByTestId('assistant-text').first()).toContainText('Simulated answer', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('run-status')).toHaveText(/cancelled/, { timeout: 15_000 });
    await expect(page.getByTestId('stream-status')).toContainText('Run cancelled');
    await expect(page.getByTestId('transcript')).toContainText('Run cancelled');
    await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
    expect(await runStatus(request, id)).toBe('cancelled');

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('transcript')).toContainText('Resumed on worker', { timeout: 15_000 });
    // "Resumed: the run is queued…" goes once it runs (e2e/run-page.spec.ts records it while shown).
    await expect(page.getByTestId('action-feedback')).toHaveText('');
    await expect(page.getByTestId('run-status')).toHaveText(/running/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('run-status')).toHaveText(/cancelled/, { timeout: 15_000 });
  });

  test('a rate-limited call shows the retry notice and the retry in the turn strip', async ({ page, request }) => {
    test.setTimeout(60_000);
    await openNewRun(page, request, simulatorRun('simulator-chat', 'Say hello.', 'rate_limit_html; times=1; retry_after=1'));
    await expect(page.locator('[data-notice="retrying"]')).toContainText(/\[retrying\] rate_limit \(HTTP 429\): retrying in \d/, {
      timeout: 30_000,
    });
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 30_000 });
    const strip = page.getByTestId('turn-strip');
    await expect(strip).toContainText(/retries\s*1/);
    await strip.getByText(/2 attempts/).click();
    await expect(strip.getByRole('table')).toContainText('rate_limit');
  });

  test('a failed call shows its error artifact, which downloads as errors/turn_<n>.json', async ({ page, request }) => {
    test.setTimeout(60_000);
    const id = await openNewRun(page, request, simulatorRun('simulator-chat', 'Say hello.', 'auth'));
    await expect(page.getByTestId('run-status')).toHaveText(/failed/, { timeout: 30_000 });
    await expect(page.getByTestId('provider-error')).toContainText('[provider-error] auth 401');

    // People count turns from 1: the header's count, the transcript's heading and the artifact's name agree.
    await expect(page.getByTestId('run-turns')).toHaveText('1');
    await expect(page.getByRole('heading', { level: 3 })).toHaveText([/^Turn 1 · simulator-chat/]);
    const artifact = page.getByTestId('error-artifact');
    await expect(artifact).toContainText('errors/turn_1.json');
    await artifact.locator('summary').click();
    const json = artifact.getByTestId('error-artifact-json');
    await expect(json).toBeVisible();
    await expect(json).toContainText('"kind": "auth"');
    await expect(json).toContainText('"status": 401');
    await expect(json).toContainText('"hint"');
    await expect(json).toContainText('"bodySnippet"');
    await expect(json).toContainText('"attempts"');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      artifact.getByRole('link', { name: /Download errors\/turn_1\.json/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('turn_1.json');
    const downloaded = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(downloaded).toMatchObject({ runId: id, turn: 1, kind: 'auth', status: 401 });
    expect(JSON.stringify(downloaded)).not.toContain('sk-e2e-planted');

    const file = await request.get(`/api/runs/${id}/errors/turn_1.json`);
    expect(file.headers()['content-disposition']).toBe('attachment; filename="turn_1.json"');
    expect((await request.get(`/api/runs/${id}/errors/turn_7.json`)).status()).toBe(404);
    expect((await request.get(`/api/runs/${id}/errors/turn_0.json`)).status()).toBe(400);
    expect((await request.get(`/api/runs/${id}/errors/passwd`)).status()).toBe(400);

    const bundle = await request.get(`/api/runs/${id}/export`);
    expect(bundle.headers()['content-disposition']).toBe(`attachment; filename="run-${id}.json"`);
    expect(await bundle.json()).toMatchObject({
      format: 'switchboard.run-bundle',
      run: { id, status: 'failed' },
      errorArtifacts: [{ file: 'errors/turn_1.json', kind: 'auth' }],
    });
    await expect(page.getByRole('link', { name: 'Export JSON' })).toHaveAttribute('href', `/api/runs/${id}/export`);
  });

  test('a refused stream shows [streaming-disabled] and the fallback in the strip', async ({ page, request }) => {
    test.setTimeout(60_000);
    await openNewRun(page, request, simulatorRun('simulator-chat', 'Say hello.', 'stream_unsupported'));
    await expect(page.locator('[data-notice="streaming-disabled"]')).toContainText('[streaming-disabled]', { timeout: 30_000 });
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 30_000 });
    await expect(page.getByTestId('turn-strip')).toContainText('fallback');
    await expect(page.getByTestId('assistant-text')).toContainText('Simulated answer to: "Say hello."');
  });

  test('tool calls show arguments, validation errors and results; reasoning shows its opaque part as a size', async ({ page, request }) => {
    test.setTimeout(60_000);
    await openNewRun(page, request, simulatorRun('simulator-anthropic', 'Look at read_file {"path": 42} and report.'));
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 30_000 });
    const tool = page.getByTestId('tool-call').first();
    await expect(tool).toContainText('read_file');
    await expect(tool).toContainText('"path": 42');
    await expect(tool.getByTestId('validation-errors')).toContainText('path');
    await expect(page.getByTestId('reasoning').first()).toContainText(/signature: encrypted, \d+ bytes/);
    await expect(page.getByTestId('assistant-text').last()).toContainText('Tool read_file returned');
    await expect(page.getByTestId('turn-strip')).toHaveCount(2);
  });

  test('model output is rendered as inert text', async ({ page, request }) => {
    test.setTimeout(60_000);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    await openNewRun(page, request, simulatorRun('simulator-chat', hostile));
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 30_000 });
    await expect(page.getByTestId('assistant-text')).toContainText(`Simulated answer to: "${hostile}"`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(hostile);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.getByTestId('transcript').locator('script')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('assistant-text')).toContainText(hostile);
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
  });

  test('the runs list filters through URL parameters and pages with a cursor', async ({ page, request }) => {
    test.setTimeout(90_000);
    const before = new Date(Date.now() - 1000).toISOString();
    const ok = await startRun(request, simulatorRun('simulator-chat', 'List test: fine.'));
    const bad = await startRun(request, simulatorRun('simulator-chat', 'List test: broken.', 'auth'));
    // A third run, so that the pager below has three pages of one run.
    const third = await startRun(request, simulatorRun('simulator-chat', 'List test: third.'));
    await waitForStatus(request, third, 'succeeded');
    await waitForStatus(request, ok, 'succeeded');
    await waitForStatus(request, bad, 'failed');
    const after = new Date(Date.now() + 1000).toISOString();
    const row = (id: string) => page.locator(`tr[data-run-id="${id}"]`);

    await page.goto('/runs');
    await expect(row(ok)).toBeVisible();
    await expect(row(bad)).toContainText('failed');
    await expect(row(bad)).toContainText('auth');
    await expect(row(ok)).toContainText('sim-gpt');

    await page.goto('/runs?status=failed');
    await expect(row(bad)).toBeVisible();
    await expect(row(ok)).toHaveCount(0);

    await page.goto('/runs?hasErrors=1&errorKind=auth');
    await expect(row(bad)).toBeVisible();
    await expect(row(ok)).toHaveCount(0);

    // What a telemetry chart point links to: the runs whose provider calls fall in its window.
    const windowQuery = new URLSearchParams({
      from: before,
      to: after,
      provider: 'simulator',
      model: 'sim-gpt',
      hasErrors: '1',
      errorKind: 'auth',
    });
    await page.goto(`/runs?${windowQuery}`);
    await expect(page.getByTestId('window-note')).toContainText('Showing runs with provider calls between');
    await expect(page.getByTestId('window-note')).toContainText('error kind auth');
    await expect(row(bad)).toBeVisible();
    await expect(row(ok)).toHaveCount(0);
    await page.goto(`/runs?${new URLSearchParams({ from: before, to: after, provider: 'simulator', model: 'sim-gpt' })}`);
    await expect(row(bad)).toBeVisible();
    await expect(row(ok)).toBeVisible();
    await page.goto('/runs?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z');
    await expect(page.getByTestId('runs-empty')).toBeVisible();

    await page.goto('/runs?status=exploded&from=yesterday');
    await expect(page.getByTestId('filter-error')).toContainText('status is one of');
    await expect(page.getByTestId('filter-error')).toContainText('from must be an ISO timestamp');
    // A typo'd error kind or a made-up cursor is an error, not an empty (or unfiltered) list.
    await page.goto('/runs?errorKind=ratelimit');
    await expect(page.getByTestId('filter-error')).toContainText('errorKind is one of rate_limit');
    await expect(page.getByTestId('runs-table')).toHaveCount(0);
    expect((await request.get('/api/runs?errorKind=ratelimit')).status()).toBe(400);
    await page.goto('/runs?provider=simul');
    await expect(page.getByTestId('unknown-filter-values')).toContainText('No run has provider “simul”');
    await expect(page.getByTestId('runs-empty')).toBeVisible();
    await page.goto('/runs?cursor=zzz');
    await expect(page.getByTestId('filter-error')).toContainText('cursor is not one this list produced');
    expect((await request.get('/api/runs?cursor=zzz')).status()).toBe(400);

    // The form writes the same parameters; provider, model and error kind are choices from the data.
    await page.goto('/runs');
    await expect(page.locator('select[name="provider"] option', { hasText: /^simulator$/ })).toHaveCount(1);
    await expect(page.locator('select[name="model"] optgroup[label="simulator"] option', { hasText: /^sim-gpt$/ })).toHaveCount(1);
    await page.getByLabel('Status').selectOption('failed');
    await page.locator('select[name="errorKind"]').selectOption('auth');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/\/runs\?status=failed&errorKind=auth$/);
    await expect(row(bad)).toBeVisible();
    await expect(row(ok)).toHaveCount(0);
    await page.getByRole('button', { name: '24h' }).click();
    await expect(page).toHaveURL(/status=failed&errorKind=auth&from=\d{4}-/);
    await expect(page.getByTestId('window-note')).toContainText('Showing runs with provider calls since');
    await expect(row(bad)).toBeVisible();

    // Keyset pages: one run per page, newest first, then the next.
    const first = (await (await request.get('/api/runs?limit=1')).json()) as { runs: { id: string }[]; nextCursor: string };
    expect(first.runs).toHaveLength(1);
    const second = (await (await request.get(`/api/runs?limit=1&cursor=${first.nextCursor}`)).json()) as { runs: { id: string }[] };
    expect(second.runs[0]!.id).not.toBe(first.runs[0]!.id);
    // The count is the matching runs, not the page size; the API says the same.
    const total = (await (await request.get('/api/runs?limit=1')).json()) as {
      total: { count: number; atLeast: boolean };
      newerPage: unknown;
    };
    expect(total.total.count).toBeGreaterThanOrEqual(2);
    expect(total.newerPage).toBeNull();
    const counted = `${total.total.count.toLocaleString('en-US')}${total.total.atLeast ? '+' : ''}`;
    await page.goto('/runs?limit=1');
    await expect(page.getByTestId('runs-count')).toContainText(`Showing 1 of ${counted} runs`);
    await expect(page.getByRole('link', { name: '← Newest' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Older runs →' }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(page.locator(`tr[data-run-id="${second.runs[0]!.id}"]`)).toBeVisible();
    await expect(page.getByTestId('runs-count')).toContainText(`Showing 1 of ${counted} runs (an older page)`);
    // Page 3, then back one page at a time: each "← Newer runs" shows the page before.
    const secondPageUrl = page.url();
    await page.getByRole('link', { name: 'Older runs →' }).click();
    await expect(page.locator(`tr[data-run-id="${second.runs[0]!.id}"]`)).toHaveCount(0);
    await page.getByRole('link', { name: '← Newer runs' }).click();
    await expect(page).toHaveURL(secondPageUrl);
    await expect(page.locator(`tr[data-run-id="${second.runs[0]!.id}"]`)).toBeVisible();
    // The page before the second is the first: only "← Newest" leads there.
    await expect(page.getByRole('link', { name: '← Newer runs' })).toHaveCount(0);
    await page.getByRole('link', { name: '← Newest' }).click();
    await expect(page).toHaveURL(/\/runs\?limit=1$/);
    await expect(page.locator(`tr[data-run-id="${first.runs[0]!.id}"]`)).toBeVisible();

    // The model links to the run.
    await page.goto('/runs?status=failed&errorKind=auth');
    await row(bad).getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/runs/${bad}$`));
    await expect(page.getByTestId('run-status')).toHaveText(/failed/);
  });

  test('after Back and Forward the filters show the address at once, before the list arrives', async ({ page, request }) => {
    test.setTimeout(120_000);
    // A run that has finished, listed only without the filter, and one that stays running past the
    // test's own timeout however slow the machine (a slow_stream of 300 words takes ~150 s at 1.5 s
    // a chunk; the test cancels it at its end). While the list shows a running run it refreshes
    // itself, and after a refresh a history step asks the server for the list again (the router's
    // copies are dropped).
    const finished = await startRun(request, simulatorRun('simulator-chat', 'Say hello.'));
    await waitForStatus(request, finished, 'succeeded');
    const id = await startRun(request, slowRun(300, 1500));
    await waitForStatus(request, id, 'running');
    const status = page.getByLabel('Status');
    const runningRow = page.locator(`tr[data-run-id="${id}"]`);
    const finishedRow = page.locator(`tr[data-run-id="${finished}"]`);
    // A refresh of the list at `/runs${query}` (not a prefetch): the router drops its copies of the
    // other addresses' lists as it sends it.
    const refreshOf = (query: string) => (sent: Request) => {
      const url = new URL(sent.url());
      url.searchParams.delete('_rsc');
      return url.pathname === '/runs' && url.search === query && !!sent.headers()['rsc'] && !sent.headers()['next-router-prefetch'];
    };
    const showsRunningList = async () => {
      await expect(runningRow).toBeVisible();
      await expect(finishedRow).toHaveCount(0);
    };
    await page.goto('/runs');
    await expect(finishedRow).toBeVisible();
    await status.selectOption('running');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/\/runs\?status=running$/);
    await showsRunningList();
    await page.waitForRequest(refreshOf('?status=running'));

    // The list's answer to a history step is held until the filters were looked at.
    let held = Promise.resolve();
    await page.route(
      (url) => url.pathname === '/runs',
      async (route) => {
        if (route.request().headers()['rsc']) await held;
        await route.fallback();
      },
    );
    const holdList = () => {
      let release: () => void = () => undefined;
      held = new Promise<void>((resolve) => (release = resolve));
      return release;
    };

    let release = holdList();
    await page.goBack();
    await expect(page).toHaveURL(/\/runs$/);
    await expect(status).toHaveValue('');
    await expect(finishedRow, 'the list of the page before is still shown').toHaveCount(0);
    release();
    await expect(finishedRow).toBeVisible();
    await expect(status).toHaveValue('');
    await page.waitForRequest(refreshOf(''));

    release = holdList();
    await page.goForward();
    await expect(page).toHaveURL(/\/runs\?status=running$/);
    await expect(status).toHaveValue('running');
    await expect(finishedRow, 'the list of the page before is still shown').toBeVisible();
    release();
    await showsRunningList();
    await expect(status).toHaveValue('running');

    // Forward while the list of a Back arrives: the router may then render the page from its copy,
    // within the history step itself.
    release = holdList();
    await page.goBack();
    await expect(status).toHaveValue('');
    release();
    await page.goForward();
    await expect(page).toHaveURL(/\/runs\?status=running$/);
    await expect(status).toHaveValue('running');
    await showsRunningList();
    await expect(status).toHaveValue('running');

    // A step is over once its page is shown: after Back and Forward, Clear shows no filter.
    await page.goBack();
    await expect(finishedRow).toBeVisible();
    await page.goForward();
    await showsRunningList();
    await expect(status).toHaveValue('running');
    await page.getByRole('link', { name: 'Clear', exact: true }).click();
    await expect(page).toHaveURL(/\/runs$/);
    await expect(finishedRow).toBeVisible();
    await expect(status).toHaveValue('');

    // The run would hold a worker's slot for the specs that follow.
    await page.goto(`/runs/${id}`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await waitForStatus(request, id, 'cancelled');
  });

  test('screenshots of the list and a finished run', async ({ page, request }) => {
    const dir = process.env.E2E_SCREENSHOT_DIR;
    test.skip(!dir, 'set E2E_SCREENSHOT_DIR to write them');
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    const id = await startRun(
      request,
      simulatorRun(
        'simulator-anthropic',
        'Look at read_file {"path": 42} and report what you find.',
        'rate_limit_html; times=1; retry_after=1',
      ),
    );
    await waitForStatus(request, id, 'succeeded');
    await page.goto('/runs');
    await page.screenshot({ path: join(dir!, 'runs.png'), fullPage: false });
    await page.goto(`/runs/${id}`);
    await expect(page.getByTestId('stream-status')).toContainText('Run succeeded');
    await page.getByTestId('turn-strip').first().locator('summary').click();
    await page.screenshot({ path: join(dir!, 'run.png'), fullPage: false });
    await page.screenshot({ path: join(dir!, 'run-full.png'), fullPage: true });

    const failed = await startRun(request, simulatorRun('simulator-chat', 'Say hello.', 'auth'));
    await waitForStatus(request, failed, 'failed');
    await page.goto(`/runs/${failed}`);
    await page.getByTestId('error-artifact').locator('summary').click();
    await page.screenshot({ path: join(dir!, 'run-failed.png'), fullPage: true });
  });
});

test.describe('in a browser in New York with a 12-hour clock', () => {
  test.use({ locale: 'en-US', timezoneId: 'America/New_York' });

  test('the From and To filters are read and written in 24-hour UTC, as the list shows times', async ({ page }) => {
    await page.goto(`/runs?from=${encodeURIComponent('2025-01-02T15:04:05.000Z')}`);
    const from = page.getByLabel('From (UTC)');
    const to = page.getByLabel('To (UTC)');
    // The time the address holds, as the window note says it: not 10:04 AM, not 03:04:05 PM.
    await expect(from).toHaveValue('2025-01-02 15:04:05');
    await expect(page.getByTestId('window-note')).toContainText('since 2025-01-02 15:04:05 UTC');
    await to.fill('2025-01-03 18:30');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/from=2025-01-02T15%3A04%3A05\.000Z&to=2025-01-03T18%3A30%3A00\.000Z$/);
    await expect(page.getByTestId('window-note')).toContainText('between 2025-01-02 15:04:05 UTC and 2025-01-03 18:30:00 UTC');
    await expect(to).toHaveValue('2025-01-03 18:30:00');

    // Something that is no time says so on its field, and nothing is applied.
    await from.fill('2025-01-02 3:04 PM');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(from).toHaveAttribute('aria-invalid', 'true');
    await expect(from).toHaveAccessibleDescription(/YYYY-MM-DD HH:MM/);
    await expect(page).toHaveURL(/from=2025-01-02T15%3A04%3A05\.000Z&to=2025-01-03T18%3A30%3A00\.000Z$/);
  });
});
