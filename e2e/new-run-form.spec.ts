// The New run form: one submission per form, field errors a person can act on (aria + focus), the
// simulator scenario checked before anything is written, and the settings only the API had.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
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
  // The example reads README.md: the form starts from the template that has it.
  await expect(workspace).toHaveValue('sample-project');
  await expect(taskBox).toHaveAttribute('placeholder', /read_file \{"path": "README\.md"\}/);
  await workspace.selectOption({ label: 'Empty workspace' });
  await expect(taskBox).toHaveAttribute('placeholder', /write_file/);
  await expect(taskBox).not.toHaveAttribute('placeholder', /README\.md/);
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

  await taskBox.fill('Use list_files, then read_file {"path": "README.md"} and summarize it.');
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
