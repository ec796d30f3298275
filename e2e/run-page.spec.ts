import { expect, test, type Page } from '@playwright/test';
import type { RunEvent } from '../lib/run-events/schema';
import { openNewRun, runEvents, runJson, simulatorRun, startRun } from './support/runs';

// The live run page against real runs (the console's in-process worker and its simulator): what
// the header, the turn strips, the transcript and the controls say when a run ends, is cancelled,
// resumed, or its stream is cut (by the provider, or between the console and the browser).

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Every text the Cancel / Resume notice had, recorded as it changes (however briefly it is shown). */
async function recordFeedback(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { feedbackSeen: string[] }).feedbackSeen = seen;
    const target = document.querySelector('[data-testid=action-feedback]')!;
    new MutationObserver(() => seen.push(target.textContent ?? '')).observe(target, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { feedbackSeen: string[] }).feedbackSeen);
}

test.describe('run page', () => {
  test('a malformed or unknown run address is a 404 with a page that says what a run address is', async ({ page }) => {
    for (const path of ['/runs/not-a-uuid', '/runs/00000000-0000-7000-8000-000000000000']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: 'No such run' })).toBeVisible();
      await expect(page.getByText('A run address is')).toBeVisible();
      await expect(page.getByRole('link', { name: 'Back to the runs' })).toBeVisible();
    }
  });

  test('when the end shows, the header and every turn strip already show the finished run', async ({ page, request }) => {
    test.setTimeout(60_000);
    const id = await openNewRun(page, request, {
      ...simulatorRun('simulator-chat', 'Use list_files then answer.', 'rate_limit_html; times=1; retry_after=1'),
      options: { tools: ['list_files'] },
    });
    // Read in the very frame the end appears (not after a retrying assertion gave the page time).
    const atEnd = await page.waitForFunction(
      () => {
        const end = [...document.querySelectorAll('[data-testid=status-event]')].find((line) =>
          line.textContent?.includes('Run succeeded'),
        );
        if (!end) return null;
        const text = (testId: string) => document.querySelector(`[data-testid=${testId}]`)?.textContent ?? null;
        return {
          duration: text('run-duration'),
          turns: text('run-turns'),
          tokens: text('run-tokens'),
          cost: text('run-cost'),
          strips: document.querySelectorAll('[data-testid=turn-strip]').length,
          missing: document.querySelectorAll('[data-testid=turn-strip-missing]').length,
        };
      },
      null,
      { polling: 'raf', timeout: 45_000 },
    );
    const header = (await atEnd.jsonValue())!;
    const { run } = await runJson(request, id);
    expect(run.turnCount).toBe(2);
    expect(header).toMatchObject({ turns: '2', strips: 2, missing: 0 });
    expect(header.duration).toMatch(/\d/);
    expect(header.tokens).not.toBe('0 / 0');
    expect(header.cost).not.toBe('$0');
  });

  test('cancel is a neutral notice, the notices go once done, and a resumed run keeps its start and counts every turn', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const id = await openNewRun(
      page,
      request,
      simulatorRun('simulator-chat', 'Tell me a long story. [[words:400]]', 'slow_stream; ms=100'),
    );
    await expect(page.getByTestId('assistant-text').first()).toContainText('Simulated answer', { timeout: 30_000 });
    const feedback = await recordFeedback(page);
    // The page opened while the run was queued: the header reads the row again once it runs.
    await expect(page.getByTestId('run-started')).toHaveText(/^\d{4}-\d\d-\d\d /);
    const started = await page.getByTestId('run-started').textContent();

    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('run-status')).toHaveText(/cancelled/, { timeout: 15_000 });
    // The acknowledgement shows while the worker has not yet stopped the run; when the worker stops it
    // before the action's answer renders (its heartbeat came at once), the status is the answer. Whatever
    // showed was the cancel's own words (or the control's "Working…" while it is pending), never an error.
    for (const text of (await feedback()).filter(Boolean))
      expect(text).toMatch(
        /^(Working…|Cancel requested: the worker stops the run|Cancelled\.)$|^Cancel requested: the worker stops the run/,
      );
    await expect(page.getByTestId('action-feedback')).toHaveText('');
    // A user cancel: a neutral notice, not a provider error; the strip says it ended cancelled.
    await expect(page.locator('[data-notice="cancelled"]')).toContainText('Cancelled by the user');
    await expect(page.getByTestId('provider-error')).toHaveCount(0);
    await expect(page.getByTestId('turn-strip-cancelled')).toHaveText('cancelled by the user');
    await expect(page.getByTestId('turn-strip-error')).toHaveCount(0);
    await expect(page.getByTestId('output-cut')).toHaveAttribute('data-cut', 'cancelled');
    await expect(page.getByTestId('run-turns')).toHaveText('1');

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('transcript')).toContainText('Resumed on worker', { timeout: 15_000 });
    await expect(page.getByTestId('run-status')).toHaveText(/running/);
    expect(await feedback()).toContainEqual(expect.stringContaining('Resumed'));
    await expect(page.getByTestId('action-feedback')).toHaveText('');
    await expect(page.getByTestId('run-started')).toHaveText(started!);
    await expect(page.getByTestId('run-turns')).toHaveText('2');
    await expect(page.getByRole('heading', { level: 3 })).toHaveText([/^Turn 0/, /^Turn 1/]);

    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('run-status')).toHaveText(/cancelled/, { timeout: 15_000 });
    const { run, turns } = await runJson(request, id);
    expect(run.turnCount).toBe(turns.length);
    expect(run.turnCount).toBe(2);
    await expect(page.getByTestId('run-started')).toHaveText(started!);
    // The duration covers the whole run: from the first start, across the cancel and the resume.
    const duration = (await page.getByTestId('run-duration').textContent()) ?? '';
    const seconds = Number(/^([\d.]+) s$/.exec(duration)?.[1] ?? NaN);
    const firstStart = Date.parse(`${started!.replace(' UTC', '').replace(' ', 'T')}Z`);
    expect(seconds).toBeGreaterThanOrEqual(Math.floor((Date.parse(run.finishedAt!) - firstStart) / 1000) - 1);
  });

  test('a stream cut mid-way says so, ends its streaming labels, and its artifact has no stack', async ({ page, request }) => {
    test.setTimeout(60_000);
    const id = await openNewRun(
      page,
      request,
      simulatorRun('simulator-anthropic', 'Tell me a long story. [[words:120]]', 'cut_midstream; after=6'),
    );
    await expect(page.getByTestId('run-status')).toHaveText(/failed/, { timeout: 30_000 });
    await expect(page.getByTestId('turn-strip-error')).toHaveText('network — stream cut after HTTP 200');
    await expect(page.getByTestId('provider-error')).toContainText('[provider-error] network — stream cut after HTTP 200');
    await expect(page.getByTestId('reasoning').first()).toContainText('Reasoning (cut off: the call failed before it finished)');
    await expect(page.getByText('(streaming…)')).toHaveCount(0);
    const { errorArtifacts } = await runJson(request, id);
    expect(errorArtifacts).toHaveLength(1);
    expect(errorArtifacts[0]!.payload).toMatchObject({ kind: 'network', status: 200 });
    expect(errorArtifacts[0]!.payload).not.toHaveProperty('stack');
    const download = await request.get(`/api/runs/${id}/errors/turn_0.json`);
    expect(await download.text()).not.toMatch(/\.next|chunks/);
  });

  test('the live view reconnects by itself after its stream is cut and then refused (a database restart), and shows every event once', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const id = await startRun(request, simulatorRun('simulator-chat', 'Tell me a long story. [[words:300]]', 'slow_stream; ms=60'));
    const asked: number[] = [];
    const served: number[] = [];
    // The events endpoint as the browser saw it while Postgres restarted: the open stream breaks off
    // after a few events, the next requests fail, then it answers again.
    await page.route(
      (url) => url.pathname === `/api/runs/${id}/events`,
      async (route) => {
        const after = Number(new URL(route.request().url()).searchParams.get('after'));
        asked.push(after);
        if (asked.length === 1) {
          let next: RunEvent[] = [];
          for (let tries = 0; next.length < 3 && tries < 150; tries++) {
            next = await runEvents(request, id, after);
            if (next.length < 3) await new Promise((resolve) => setTimeout(resolve, 200));
          }
          const cut = next.slice(0, 3);
          served.push(...cut.map((event) => event.seq));
          const body = cut.map((event) => `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
          return route.fulfill({
            status: 200,
            headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
            body,
          });
        }
        if (asked.length <= 4) return route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>Internal Server Error</h1>' });
        return route.continue();
      },
    );
    await page.goto(`/runs/${id}`);
    await expect(page.getByTestId('stream-status')).toContainText('reconnecting', { timeout: 45_000 });
    await expect(page.getByTestId('stream-status')).toContainText('Run succeeded', { timeout: 90_000 });

    expect(served).toHaveLength(3);
    expect(asked.length).toBeGreaterThanOrEqual(5);
    // Every reconnect asks for what follows the last event received: nothing again, nothing skipped.
    expect(asked.slice(1)).toEqual(asked.slice(1).map(() => served.at(-1)));
    const log = await runEvents(request, id);
    expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index));
    const streamed = normalize(log.flatMap((event) => (event.type === 'text-delta' ? [event.payload.text] : [])).join(''));
    expect(normalize((await page.getByTestId('assistant-text').allTextContents()).join(''))).toBe(streamed);
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/);
  });
});
