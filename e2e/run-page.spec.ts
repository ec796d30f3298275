import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import type { RunEvent } from '../lib/run-events/schema';
import { openNewRun, runEvents, runJson, simulatorRun, startRun, waitForStatus } from './support/runs';
import { RUNS_AT_A_TIME } from './support/workers';

// The live run page against real runs (`npm start`'s workers and their simulators): what
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

/**
 * Records, from the first paint of every page the browser opens, each text the elements with these
 * test ids have had (however briefly); read with the returned function.
 */
async function recordTexts(page: Page, testIds: string[]): Promise<() => Promise<Record<string, string[]>>> {
  await page.addInitScript((ids: string[]) => {
    const seen: Record<string, string[]> = Object.fromEntries(ids.map((id) => [id, []]));
    (window as unknown as { textsSeen: typeof seen }).textsSeen = seen;
    const note = () => {
      for (const id of ids) {
        const text = document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
        if (text !== null && seen[id]!.at(-1) !== text) seen[id]!.push(text);
      }
    };
    document.addEventListener('DOMContentLoaded', () => {
      note();
      new MutationObserver(note).observe(document.body, { childList: true, characterData: true, subtree: true });
    });
  }, testIds);
  return () => page.evaluate(() => (window as unknown as { textsSeen: Record<string, string[]> }).textsSeen);
}

test.describe('run page', () => {
  test('a malformed or unknown run address is a 404 with a page that says what a run address is', async ({ page, browserProblems }) => {
    const paths = ['/runs/not-a-uuid', '/runs/00000000-0000-7000-8000-000000000000'];
    for (const path of paths) browserProblems.allow(404, new RegExp(`${path}$`));
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: 'No such run' })).toBeVisible();
      await expect(page.getByText('A run address is')).toBeVisible();
      await expect(page.getByRole('link', { name: 'Back to the runs' })).toBeVisible();
    }
  });

  test('a finished run’s page shows its final state from the first paint: no live status, no stream — until a Resume', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const failed = await startRun(request, simulatorRun('simulator-chat', 'Say hello.', 'auth'));
    await waitForStatus(request, failed, 'failed');
    const cancelled = await openNewRun(
      page,
      request,
      simulatorRun('simulator-chat', 'Tell me a long story. [[words:400]]', 'slow_stream; ms=100'),
    );
    await expect(page.getByTestId('assistant-text').first()).toContainText('Simulated answer', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('run-status')).toHaveText(/cancelled/, { timeout: 15_000 });

    const texts = await recordTexts(page, ['stream-status', 'run-status']);
    const streams: string[] = [];
    page.on('request', (sent) => {
      if (new URL(sent.url()).pathname.endsWith('/events')) streams.push(sent.url());
    });
    for (const [id, status] of [
      [failed, 'failed'],
      [cancelled, 'cancelled'],
    ] as const) {
      await page.goto(`/runs/${id}`);
      // Until the network has been quiet for a while: time for a stream to open and say `end`.
      await page.waitForLoadState('networkidle');
      const events = (await runEvents(request, id)).length;
      const seen = await texts();
      expect(seen['stream-status'], id).toEqual([`Run ${status} · ${events} events.`]);
      expect(
        seen['run-status']!.map((text) => text.replace(/^\W+/, '')),
        id,
      ).toEqual([status]);
      expect(streams, id).toEqual([]);
    }

    // Resumed from that page, the run is followed live again.
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('transcript')).toContainText('Resumed on worker', { timeout: 15_000 });
    expect(streams).toHaveLength(1);
    expect(streams[0]).toContain(`/api/runs/${cancelled}/events?after=`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('run-status')).toHaveText(/cancelled/, { timeout: 15_000 });
  });

  test('a tool call says "receiving arguments…" while the model streams them and "running…" only once they are complete; cancelled meanwhile, it is not run and its turn ends cancelled', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const texts = await recordTexts(page, ['tool-call-state']);
    // Its first reply comes 4 s a chunk (three argument fragments, ≥ 12 s): the page is open and following
    // before the arguments are complete even on a busy machine (at 1.5 s a chunk, a page under load 14
    // opened after the tool had run); the answer then streams at speed.
    await openNewRun(page, request, {
      ...simulatorRun('simulator-chat', 'Use list_files {"path": "."} then answer.', 'slow_stream; ms=4000; times=1'),
      options: { tools: ['list_files'] },
    });
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 60_000 });
    const states = (await texts())['tool-call-state']!;
    expect(states[0]).toBe('receiving arguments…');
    expect(states.at(-1)).toBe('ok');
    expect(['receiving arguments…', 'running…', 'ok'].filter((state) => states.includes(state))).toEqual(states);

    // Each argument fragment takes 3 s to arrive: the cancel lands while they stream.
    const id = await openNewRun(page, request, {
      ...simulatorRun('simulator-chat', 'Use read_file {"path": "notes.txt"} then answer.', 'slow_stream; ms=3000'),
      options: { tools: ['read_file'] },
    });
    await expect(page.getByTestId('tool-call-state')).toHaveText('receiving arguments…', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('run-status')).toHaveText(/cancelled/, { timeout: 15_000 });
    expect((await texts())['tool-call-state']).toEqual(['receiving arguments…', 'not run (the turn ended first)']);
    await expect(page.getByTestId('tool-call')).toHaveAttribute('data-phase', 'not-run');
    await expect(page.getByTestId('turn-strip-cancelled')).toHaveText('cancelled by the user');
    await expect(page.getByText('finish: cancelled', { exact: true })).toBeVisible();
    await expect(page.getByText('finish: error')).toHaveCount(0);
    expect((await runJson(request, id)).turns).toHaveLength(1);
  });

  test('on a phone (390 px) the whole task can be read: the title wraps, and a task too long for it opens in full', async ({
    page,
    request,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const short = 'Summarise the README of this workspace in three sentences, then list its sections.';
    const long = `${'Read every file under docs/ and write a one-line summary of each into notes/summary.md. '.repeat(3)}Then say how many there were.`;
    for (const task of [short, long]) {
      const id = await startRun(request, simulatorRun('simulator-chat', task));
      await waitForStatus(request, id, 'succeeded');
      await page.goto(`/runs/${id}`);
      const title = page.getByRole('heading', { level: 1 });
      // Nothing of the title is cut off: it wraps within the page.
      expect(await title.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      if (task === short) {
        await expect(title).toHaveText(short);
        await expect(page.getByText('Full task')).toHaveCount(0);
      } else {
        await page.getByText('Full task').click();
        await expect(page.getByTestId('run-task')).toHaveText(long);
        await expect(page.getByTestId('run-task')).toBeInViewport();
      }
    }
  });

  test('from queued to its end, the header never lags the transcript: it runs, started and counts turns as soon as the transcript says so', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    // With as many runs waiting on their first byte as the workers run at a time, the next one stays queued.
    const blockers = await Promise.all(
      Array.from({ length: RUNS_AT_A_TIME }, () =>
        startRun(request, simulatorRun('simulator-chat', 'Say hi.', 'slow_first_byte; ms=10000')),
      ),
    );
    for (const blocker of blockers) await waitForStatus(request, blocker, 'running');
    const id = await startRun(request, {
      ...simulatorRun('simulator-chat', 'Use list_files then answer.'),
      options: { tools: ['list_files'] },
    });
    expect((await runJson(request, id)).run.status).toBe('queued');
    await page.addInitScript(() => {
      const moments: unknown[] = [];
      (window as unknown as { moments: unknown[] }).moments = moments;
      const text = (testId: string) => document.querySelector(`[data-testid=${testId}]`)?.textContent ?? null;
      const note = () =>
        moments.push({
          status: text('run-status')?.replace(/^\W+/, ''),
          started: text('run-started'),
          duration: text('run-duration'),
          turns: Number(text('run-turns')),
          turnHeadings: document.querySelectorAll('[data-testid=transcript] h3').length,
          startedLine: [...document.querySelectorAll('[data-testid=status-event]')].some((line) =>
            line.textContent?.startsWith('▶ Started'),
          ),
        });
      document.addEventListener('DOMContentLoaded', () => {
        note();
        new MutationObserver(note).observe(document.body, { childList: true, characterData: true, subtree: true });
      });
    });
    await page.goto(`/runs/${id}`);
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 60_000 });
    const moments = await page.evaluate(
      () =>
        (
          window as unknown as {
            moments: { status: string; started: string; duration: string; turns: number; turnHeadings: number; startedLine: boolean }[];
          }
        ).moments,
    );
    expect(moments[0]).toMatchObject({ status: 'queued', started: expect.stringMatching(/^queued /), startedLine: false });
    expect(moments.some((moment) => moment.status === 'running')).toBe(true);
    for (const moment of moments) {
      const label = JSON.stringify(moment);
      if (moment.status !== 'queued') expect(moment.started, label).toMatch(/^\d{4}-\d\d-\d\d /);
      if (moment.startedLine) expect(moment.status, label).not.toBe('queued');
      expect(moment.turns, label).toBeGreaterThanOrEqual(moment.turnHeadings);
      if (moment.status === 'succeeded') expect(moment.duration, label).toMatch(/\d/);
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
    await expect(page.getByText('finish: error')).toHaveCount(0);
    await expect(page.getByTestId('output-cut')).toHaveAttribute('data-cut', 'cancelled');
    await expect(page.getByTestId('run-turns')).toHaveText('1');

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('transcript')).toContainText('Resumed on worker', { timeout: 15_000 });
    await expect(page.getByTestId('run-status')).toHaveText(/running/);
    expect(await feedback()).toContainEqual(expect.stringContaining('Resumed'));
    await expect(page.getByTestId('action-feedback')).toHaveText('');
    await expect(page.getByTestId('run-started')).toHaveText(started!);
    await expect(page.getByTestId('run-turns')).toHaveText('2');
    await expect(page.getByRole('heading', { level: 3 })).toHaveText([/^Turn 1/, /^Turn 2/]);

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
    const download = await request.get(`/api/runs/${id}/errors/turn_1.json`);
    expect(await download.text()).not.toMatch(/\.next|chunks/);
  });

  test('the live view reconnects by itself after its stream is cut and then refused (a database restart), and shows every event once', async ({
    page,
    request,
    browserProblems,
  }) => {
    test.setTimeout(120_000);
    const id = await startRun(request, simulatorRun('simulator-chat', 'Tell me a long story. [[words:300]]', 'slow_stream; ms=60'));
    // The refusals below are this test's own.
    browserProblems.allow(500, new RegExp(`/api/runs/${id}/events\\?after=`));
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
