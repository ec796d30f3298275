// The New run form: one submission per form, field errors a person can act on (aria + focus), the
// simulator scenario checked before anything is written, and the settings only the API had.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { exportWhen, openedRunId, startFromForm } from './support/runs';

/** The newest run's id (or null): a refused start must leave it unchanged. */
async function newestRunId(request: APIRequestContext): Promise<string | null> {
  const response = await request.get('/api/runs?limit=1');
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { runs: { id: string }[] };
  return body.runs[0]?.id ?? null;
}

async function runsWithTask(request: APIRequestContext, task: string): Promise<string[]> {
  const body = (await (await request.get('/api/runs?limit=100')).json()) as { runs: { id: string; task: string }[] };
  return body.runs.filter((run) => run.task === task).map((run) => run.id);
}

/** Counts the Start run server action requests the page sends. */
function countActionPosts(page: Page): () => number {
  let posts = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.headers()['next-action']) posts += 1;
  });
  return () => posts;
}

async function expectFieldError(page: Page, label: string | RegExp, message: string | RegExp) {
  const control = page.getByLabel(label, { exact: typeof label === 'string' });
  await expect(control).toHaveAttribute('aria-invalid', 'true');
  await expect(control).toHaveAccessibleDescription(message);
}

test('pressing Ctrl+Enter twice (and Enter in a field) starts exactly one run', async ({ page, request }) => {
  const task = `Say hello once. ${Date.now()}`;
  const posts = countActionPosts(page);
  await page.goto('/runs/new?profile=simulator-chat');
  await page.getByRole('textbox', { name: 'Task' }).fill(task);
  // From a field, as a person does: Ctrl+Enter, again 60 ms later, then Enter (implicit submission).
  await page.getByLabel('Max turns').focus();
  await page.keyboard.press('Control+Enter');
  await page.waitForTimeout(60);
  await page.keyboard.press('Control+Enter');
  await page.keyboard.press('Enter');
  const runId = await openedRunId(page);
  // Only one request left the page, and the server holds one run for it.
  expect(posts()).toBe(1);
  await expect.poll(() => runsWithTask(request, task)).toEqual([runId]);
  await page.waitForTimeout(1000);
  expect(await runsWithTask(request, task)).toEqual([runId]);
});

test('field errors are worded for people, described by aria and focused; a bad scenario writes nothing', async ({ page, request }) => {
  const before = await newestRunId(request);
  const posts = countActionPosts(page);
  await page.goto('/runs/new?profile=simulator-chat');
  await page.getByLabel('Temperature').fill('5');
  await page.getByLabel('Max output tokens').fill('-3');
  await page.getByLabel('Max turns').fill('0');
  await page.getByLabel('Thinking budget (tokens)').fill('lots');
  await page.getByRole('textbox', { name: 'Task' }).fill('Say hello.');
  await page.getByRole('button', { name: 'Start run' }).click();

  await expect(page.getByLabel('Temperature')).toBeFocused();
  await expectFieldError(page, 'Temperature', /Temperature must be between 0 and 2/);
  await expectFieldError(page, 'Max output tokens', 'Max output tokens must be between 1 and 1,000,000');
  await expectFieldError(page, 'Max turns', /Max turns must be between 1 and 50/);
  await expectFieldError(page, 'Thinking budget (tokens)', 'Enter a whole number of tokens');
  await expect(page.getByRole('textbox', { name: 'Task' })).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#form-error')).toHaveText('Some fields need attention.');
  await expect(page.locator('form')).not.toContainText(/Invalid input|expected number|Too big|Too small|NaN/);

  // Fixed numbers; a custom scenario the simulator does not know.
  await page.getByLabel('Temperature').fill('0.5');
  await page.getByLabel('Max output tokens').fill('300');
  await page.getByLabel('Max turns').fill('3');
  await page.getByLabel('Thinking budget (tokens)').fill('');
  await page.getByLabel('Fault scenario (simulator)').selectOption({ label: 'Custom…' });
  await page.getByLabel('Scenario header').fill('totally_bogus_fault');
  await page.getByRole('textbox', { name: 'Task' }).press('Control+Enter');
  await expect(page.getByLabel('Scenario header')).toBeFocused();
  await expectFieldError(page, 'Scenario header', /Unknown fault scenario “totally_bogus_fault”\. Known scenarios: rate_limit_html/);
  await expect(page.getByLabel('Temperature')).not.toHaveAttribute('aria-invalid', 'true');

  // The client refused both: nothing was sent, no run exists.
  expect(posts()).toBe(0);
  expect(await newestRunId(request)).toBe(before);
  await expect(page).toHaveURL(/\/runs\/new/);
});

test('errors only the server finds show the same way, on their field', async ({ page, request }) => {
  const before = await newestRunId(request);
  await page.goto('/runs/new?profile=simulator-anthropic');
  // Within the schema's 0–2, but the Anthropic runtime refuses it (the server's profile lint).
  await page.getByLabel('Temperature').fill('1.5');
  await page.getByRole('textbox', { name: 'Task' }).fill('Say hello.');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('#form-error')).toHaveText('The provider would refuse these settings.');
  await expect(page.getByLabel('Temperature')).toBeFocused();
  await expectFieldError(page, 'Temperature', /Anthropic accepts temperature 0–1; 1\.5 is out of range\./);
  expect(await newestRunId(request)).toBe(before);
  // The form can be sent again once fixed.
  await expect(page.getByRole('button', { name: 'Start run' })).toBeEnabled();
});

test('an error inside the Advanced section opens it and focuses the field', async ({ page }) => {
  await page.goto('/runs/new?profile=simulator-chat');
  await page.getByText('Advanced: system prompt, fallback profiles').click();
  await page.getByLabel('System prompt').fill('x'.repeat(20_001));
  await page.getByText('Advanced: system prompt, fallback profiles').click();
  await expect(page.getByLabel('System prompt')).toBeHidden();
  await page.getByRole('textbox', { name: 'Task' }).fill('Say hello.');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByLabel('System prompt')).toBeFocused();
  await expectFieldError(page, 'System prompt', /The system prompt can be at most 20,000 characters/);
});

test('workspace template, system prompt and ordered fallbacks are set from the form, and the example task works', async ({
  page,
  request,
}) => {
  await page.goto('/runs/new?profile=simulator-chat');
  const workspace = page.getByLabel('Workspace', { exact: true });
  const taskBox = page.getByRole('textbox', { name: 'Task' });
  // The example, a natural task, reads the README: the form starts from the template that has one.
  await expect(workspace).toHaveValue('sample-project');
  await expect(taskBox).toHaveAttribute('placeholder', /e\.g\. "List the files in the workspace and summarise the README\."$/);
  const example = /e\.g\. "(.*)"$/.exec((await taskBox.getAttribute('placeholder'))!)![1]!;
  await workspace.selectOption({ label: 'Empty workspace' });
  await expect(taskBox).toHaveAttribute('placeholder', /Create a file notes\.md/);
  await expect(taskBox).not.toHaveAttribute('placeholder', /README/);
  await workspace.selectOption('sample-project');

  await page.getByText('Advanced: system prompt, fallback profiles').click();
  await page.getByLabel('System prompt').fill('You are terse.');
  const add = page.getByLabel('Add a fallback profile');
  // Profiles without their key are listed, disabled, with the reason; the run's own profile is not offered.
  await expect(add.locator('option', { hasText: 'Anthropic · Claude Sonnet' })).toHaveText(
    /unavailable: ANTHROPIC_API_KEY is not set on the server/,
  );
  await expect(add.locator('option', { hasText: 'Anthropic · Claude Sonnet' })).toBeDisabled();
  await expect(add.locator('option[value="simulator-chat"]')).toHaveCount(0);
  await add.selectOption('simulator-responses');
  await page.getByRole('button', { name: 'Add fallback' }).click();
  await add.selectOption('simulator-anthropic');
  await page.getByRole('button', { name: 'Add fallback' }).click();
  const order = page.getByRole('list', { name: 'Fallback order' }).getByRole('listitem');
  await expect(order).toHaveCount(2);
  await page.getByRole('button', { name: /^Move Simulator · Anthropic Messages.* up$/ }).click();
  await expect(order.first()).toContainText('Simulator · Anthropic Messages');
  await expect(order.last()).toContainText('Simulator · OpenAI Responses');

  await taskBox.fill(example);
  const bundle = await exportWhen(request, await startFromForm(page), 'succeeded');
  expect(bundle.run.options).toMatchObject({
    workspaceTemplate: 'sample-project',
    systemPrompt: 'You are terse.',
    fallbacks: ['simulator-anthropic', 'simulator-responses'],
  });
  const readme = bundle.toolCalls.find((call: { name: string }) => call.name === 'read_file');
  expect(readme.isError).toBe(false);
  expect(JSON.stringify(readme.result)).toContain('Sample project');
});

test('Back after a start shows the form as it was sent, so a variant is one edit; each start is a new run', async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.goto('/runs/new');
  await page.getByLabel('Profile', { exact: true }).selectOption('simulator-anthropic');
  await page.getByLabel('Temperature').fill('0.3');
  await page.getByLabel('Max turns').fill('3');
  await page.getByRole('checkbox', { name: 'search_text' }).uncheck();
  await page.getByLabel('Fault scenario (simulator)').selectOption('stream_unsupported');
  await page.getByText('Advanced: system prompt, fallback profiles').click();
  await page.getByLabel('System prompt').fill('You are terse.');
  await page.getByLabel('Add a fallback profile').selectOption('simulator-chat');
  await page.getByRole('button', { name: 'Add fallback' }).click();
  const taskBox = page.getByRole('textbox', { name: 'Task' });
  await taskBox.fill('Say hello in English.');
  const first = await startFromForm(page);

  await page.goBack();
  await expect(page).toHaveURL(/\/runs\/new$/);
  await expect(page.getByLabel('Profile', { exact: true })).toHaveValue('simulator-anthropic');
  await expect(page.getByLabel('Temperature')).toHaveValue('0.3');
  await expect(page.getByLabel('Max turns')).toHaveValue('3');
  await expect(page.getByRole('checkbox', { name: 'search_text' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'list_files' })).toBeChecked();
  await expect(page.getByLabel('Scenario header')).toHaveValue('stream_unsupported');
  await expect(page.getByText('Advanced: system prompt, fallback profiles')).toContainText('custom system prompt, 1 fallback');
  await expect(taskBox).toHaveValue('Say hello in English.');

  // The variant: one edit.
  await taskBox.fill('Say hello in French.');
  const second = await startFromForm(page);
  expect(second).not.toBe(first);
  const [one, two] = [await exportWhen(request, first, 'succeeded'), await exportWhen(request, second, 'succeeded')];
  expect(two.run.task).toBe('Say hello in French.');
  for (const bundle of [one, two]) {
    expect(bundle.run.profileName).toBe('simulator-anthropic');
    expect(bundle.run.options).toMatchObject({ maxTurns: 3, systemPrompt: 'You are terse.', fallbacks: ['simulator-chat'] });
    expect(bundle.run.options.tools).not.toContain('search_text');
  }

  // Kept per browser: a new visit to the form starts from the last run too.
  await page.goto('/runs/new');
  await expect(page.getByLabel('Profile', { exact: true })).toHaveValue('simulator-anthropic');
  await expect(taskBox).toHaveValue('Say hello in French.');
  // …unless the address names another profile: its own settings, the rest kept.
  await page.goto('/runs/new?profile=simulator-chat');
  await expect(page.getByLabel('Profile', { exact: true })).toHaveValue('simulator-chat');
  await expect(page.getByLabel('Model')).toHaveValue('sim-gpt');
  await expect(taskBox).toHaveValue('Say hello in French.');
});

test('at 1280 px the Profile select shows the whole label of every profile it can start', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/runs/new');
  const select = page.getByLabel('Profile', { exact: true });
  const cut = await select.evaluate((element: HTMLSelectElement) => {
    const style = getComputedStyle(element);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    // The room for the label: the content box, less the drop-down arrow's.
    const room = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
    return [...element.options]
      .filter((option) => !option.disabled)
      .filter((option) => context.measureText(option.text).width > room)
      .map((option) => option.text);
  });
  expect(cut).toEqual([]);
});
