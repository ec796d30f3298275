import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { connectTestDatabase } from './support/database';
import { runEvents, runJson, simulatorRun, startRun, waitForStatus } from './support/runs';

// Forking, replaying and comparing a recorded run from its page, on `npm start`'s workers and
// their simulators: the Simulator model calls the tools a task names, `[[tool-rounds:2]]` times,
// then answers — so turns 1 and 2 ask for write_file and read_file, and turn 3 ends the run.

const TASK = 'Save a note with write_file, then check it with read_file. [[tool-rounds:2]]';
const TOOLS = { options: { tools: ['write_file', 'read_file'] } };
const RUN_URL = /\/runs\/[0-9a-f-]{36}$/;

/** A finished Simulator run of that task (three turns, four tool calls); its id. */
async function recordedRun(request: Parameters<typeof startRun>[0], profileName = 'simulator-chat'): Promise<string> {
  const id = await startRun(request, { ...simulatorRun(profileName, TASK), ...TOOLS });
  await waitForStatus(request, id, 'succeeded');
  return id;
}

/** The id of the run page the browser moved to from `from`. */
async function movedToRun(page: Page, from: string): Promise<string> {
  await expect(page).not.toHaveURL(new RegExp(`/runs/${from}$`));
  await expect(page).toHaveURL(RUN_URL);
  return page.url().split('/').at(-1)!;
}

/** Everything shown of the page's main content (and of an open dialog) fits the viewport's width (closed details are not shown). */
async function expectFitsWidth(page: Page) {
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll('main *, dialog[open] *')]
      .filter((element) => element.checkVisibility() && element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}: ${element.textContent?.slice(0, 40)}`),
  );
  expect(overflowing).toEqual([]);
}

test.describe('fork, replay and compare from the run page', () => {
  test('fork from turn 1 onto another Simulator runtime: it carries the conversation, finishes live, and both pages show the lineage', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const parentId = await recordedRun(request);
    await page.goto(`/runs/${parentId}`);
    // Turns 1 and 2 asked for tools; turn 3 answered and ended the run: nothing follows it to fork.
    const forkButtons = page.getByRole('button', { name: 'Fork from here' });
    await expect(forkButtons).toHaveCount(2);
    await expect(page.getByTestId('run-lineage')).toHaveCount(0);

    await forkButtons.first().click();
    const dialog = page.getByRole('dialog', { name: 'Fork from turn 1' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Profile').selectOption('simulator-anthropic');
    // A setting the schema refuses: the dialog says so under the field and keeps what was typed.
    await dialog.getByLabel('Temperature').fill('warm');
    await dialog.getByRole('button', { name: 'Start the fork' }).click();
    await expect(dialog.getByTestId('field-error')).toHaveText('Temperature must be a number between 0 and 2');
    await expect(dialog.getByLabel('Temperature')).toHaveValue('warm');
    await expect(dialog.getByLabel('Temperature')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByLabel('Profile')).toHaveValue('simulator-anthropic');
    await dialog.getByLabel('Temperature').fill('');
    await dialog.getByLabel('Max output tokens').fill('3000');
    await dialog.getByRole('button', { name: 'Start the fork' }).click();

    const forkId = await movedToRun(page, parentId);
    await expect(page.getByTestId('lineage-parent')).toHaveText(`Forked from run ${parentId.slice(0, 8)} after turn 1`);
    await expect(page.locator('[data-notice="forked"]')).toContainText(
      `Forked from run ${parentId} after its turn 1: 4 messages and 2 tool results carried over.`,
    );
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 45_000 });
    // The fork continues after the fork point: its own turns are 2 and 3 (indexes 1 and 2), on the new profile.
    await expect(page.getByRole('heading', { level: 3 })).toHaveText([/^Turn 2 · simulator-anthropic/, /^Turn 3 · simulator-anthropic/]);
    const fork = await runJson(request, forkId);
    expect(fork.turns.map((turn) => turn.index)).toEqual([1, 2]);
    // Its own tools ran (a fork serves nothing from the recording).
    await expect(page.getByTestId('tool-call')).toHaveCount(2);
    await expect(page.getByTestId('tool-replayed')).toHaveCount(0);

    await page.getByTestId('lineage-parent').getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/runs/${parentId}$`));
    const descendants = page.getByTestId('run-descendants');
    await expect(descendants).toContainText('Fork after turn 1 · simulator-anthropic');
    await expect(descendants.getByRole('link')).toHaveAttribute('href', `/runs/${forkId}`);

    // Compare with parent (on the fork) opens the side-by-side view of the two.
    await page.goto(`/runs/${forkId}`);
    await page.getByRole('button', { name: 'Compare with parent' }).click();
    await expect(page).toHaveURL(/\/compare\/[0-9a-f-]{36}$/);
    const comparisonId = page.url().split('/').at(-1)!;
    await page.goto(`/runs/${parentId}`);
    await expect(page.getByTestId('run-comparisons').getByRole('link')).toHaveAttribute('href', `/compare/${comparisonId}`);
    await expect(page.getByTestId('run-comparisons')).toContainText('A run beside its fork or replay');
  });

  test('replay on another runtime: every recorded result is served, no tool runs, and the page says it followed the recording', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const parentId = await recordedRun(request);
    await page.goto(`/runs/${parentId}`);
    await page.getByRole('button', { name: 'Replay on …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay on …' });
    await dialog.getByLabel('Profile').selectOption('simulator-responses');
    await expect(dialog.getByLabel('Stop there')).toBeChecked();
    await dialog.getByRole('button', { name: 'Start the replay' }).click();

    const replayId = await movedToRun(page, parentId);
    await expect(page.getByTestId('lineage-parent')).toHaveText(`Replay of run ${parentId.slice(0, 8)} — stops at the first divergence`);
    await expect(page.locator('[data-notice="replaying"]')).toContainText(`Replaying run ${parentId}: 4 recorded tool results served`);
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 45_000 });
    await expect(page.getByTestId('tool-replayed')).toHaveCount(4);
    await expect(page.getByTestId('tool-replayed').first()).toHaveText('replayed from the recording');
    await expect(page.getByTestId('replay-matched')).toHaveText(
      'Followed the recording to the end: every tool call the model asked for was served from it.',
    );
    await expect(page.getByTestId('replay-divergence')).toHaveCount(0);
    const results = (await runEvents(request, replayId)).filter((event) => event.type === 'tool-result');
    expect(results.map((event) => event.payload)).toEqual(Array.from({ length: 4 }, () => expect.objectContaining({ replayed: true })));
    // The same outcome as the recording: the final answer reports the recorded results.
    await expect(page.getByTestId('assistant-text').last()).toContainText('Tool read_file returned');
  });

  test('a replay that leaves the recording marks the divergence live and, when asked to, continues with real tools', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const parentId = await recordedRun(request);
    // A recording the model will not follow: the read_file of turn 2 (index 1) is made to hold other arguments.
    const db = await connectTestDatabase();
    try {
      const changed = await db.query(
        `UPDATE "ToolCall" SET arguments = '{"path":"NOTES.md"}', "rawArguments" = '{"path":"NOTES.md"}'
         WHERE "runId" = $1 AND name = 'read_file' AND "turnId" = (SELECT id FROM "Turn" WHERE "runId" = $1 AND index = 1)`,
        [parentId],
      );
      expect(changed.rowCount).toBe(1);
    } finally {
      await db.end();
    }
    await page.goto(`/runs/${parentId}`);
    await page.getByRole('button', { name: 'Replay on …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay on …' });
    await dialog.getByLabel('Profile').selectOption('simulator-openrouter');
    await dialog.getByLabel(/Continue with real tools/).check();
    await dialog.getByRole('button', { name: 'Start the replay' }).click();

    await movedToRun(page, parentId);
    await expect(page.getByTestId('lineage-parent')).toHaveText(
      `Replay of run ${parentId.slice(0, 8)} — continues with real tools at the first divergence`,
    );
    await expect(page.getByTestId('replay-divergence')).toHaveText(
      'Left the recording at turn 2: asked for read_file({"path":"README.md"}) where the recording has read_file({"path":"NOTES.md"}); tools ran for real from there.',
      { timeout: 45_000 },
    );
    await expect(page.locator('[data-notice="replay-diverged"]')).toContainText('Turn 2: the model asked for read_file');
    await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 45_000 });
    // Turn 1's two calls and turn 2's write_file came from the recording; turn 2's read_file ran.
    await expect(page.getByTestId('tool-replayed')).toHaveCount(3);
    await expect(page.getByTestId('tool-call')).toHaveCount(4);
    await expect(page.getByTestId('replay-matched')).toHaveCount(0);
  });

  test('compare on two more profiles opens the comparison; the controls show only where they apply, and fit a phone', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const parentId = await recordedRun(request);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/runs/${parentId}`);
    await expectFitsWidth(page);
    // Not a fork or a replay: nothing to compare with.
    await expect(page.getByRole('button', { name: 'Compare with parent' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Compare on …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare on …' });
    await expectFitsWidth(page);
    // None ticked: refused, with the reason under the profiles.
    await dialog.getByRole('button', { name: 'Start the comparison' }).click();
    await expect(dialog.getByTestId('field-error')).toHaveText('Choose at least one profile');
    // A profile whose key is not set on this server cannot be ticked.
    await expect(dialog.getByRole('checkbox', { name: /Anthropic · Claude Sonnet/ })).toBeDisabled();
    await dialog.getByRole('checkbox', { name: /Simulator · OpenAI Responses/ }).check();
    await dialog.getByRole('checkbox', { name: /Simulator · OpenRouter/ }).check();
    await expect(dialog).toContainText('2 of at most 5');
    await dialog.getByRole('button', { name: 'Start the comparison' }).click();
    await expect(page).toHaveURL(/\/compare\/[0-9a-f-]{36}$/);
    await page.goto(`/runs/${parentId}`);
    await expect(page.getByTestId('run-comparisons')).toContainText('The same task on several profiles');

    // An imported run is a read-only archive: it can be replayed, not forked (nor cancelled).
    const db = await connectTestDatabase();
    try {
      await db.query(`UPDATE "Run" SET "importedFromId" = gen_random_uuid(), "importedAt" = now() WHERE id = $1`, [parentId]);
    } finally {
      await db.end();
    }
    await page.reload();
    await expect(page.getByTestId('run-imported')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Fork from here' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Replay on …' })).toBeVisible();

    // A run still going cannot be replayed yet (its recording is not complete); it can be cancelled.
    const live = await startRun(request, simulatorRun('simulator-chat', 'Tell me a long story. [[words:400]]', 'slow_stream; ms=100'));
    await page.goto(`/runs/${live}`);
    await expect(page.getByTestId('run-status')).toHaveText(/running/, { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Replay on …' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Compare on …' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('run-status')).toHaveText(/cancelled/, { timeout: 15_000 });
    await expect(page.getByRole('button', { name: 'Replay on …' })).toBeVisible();
  });
});
