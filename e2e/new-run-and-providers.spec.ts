import { expect, test } from './support/test';
import { exportWhen, startFromForm } from './support/runs';

const passwordBase = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

test('the New run form shows field errors from the shared schema and starts a Simulator run', async ({ page }) => {
  await page.goto('/runs/new');
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
  // A profile without its key is listed but cannot be chosen, with the reason.
  await expect(page.getByRole('list', { name: 'Unavailable profiles' })).toContainText('ANTHROPIC_API_KEY is not set on the server');

  await page.getByLabel('Temperature').fill('7');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('#task-error')).toHaveText('Describe the task');
  await expect(page.locator('#run-temperature-error')).toHaveText('Temperature must be between 0 and 2');

  await page.getByLabel('Temperature').fill('');
  await page.getByRole('textbox', { name: 'Task' }).fill('Use list_files and tell me what is there.');
  await startFromForm(page);
});

test('the Simulator fault scenario picker sends the scenario with the run', async ({ page, request }) => {
  await page.goto('/runs/new?profile=simulator-chat');
  await page.getByLabel('Fault scenario (simulator)').selectOption({ label: 'Streaming rejected ("organization must be verified")' });
  await expect(page.getByLabel('Scenario header')).toHaveValue('stream_unsupported');
  await page.getByRole('textbox', { name: 'Task' }).fill('Say hello.');
  const bundle = await exportWhen(request, await startFromForm(page), 'succeeded');
  expect(bundle.profile.simulatorScenario).toBe('stream_unsupported');
  expect(
    bundle.events.some(
      (event: { type: string; payload: { notice?: string } }) => event.type === 'notice' && event.payload.notice === 'streaming-disabled',
    ),
  ).toBe(true);
});

test('the Providers page shows credential presence and lint findings, never key values', async ({ page }) => {
  await page.goto('/providers');
  await expect(page.getByRole('heading', { name: 'Providers' })).toBeVisible();
  await expect(page.locator('#profile-openai-gpt-4\\.1')).toContainText('OPENAI_API_KEY');
  await expect(page.locator('#profile-anthropic-claude-sonnet')).toContainText('ANTHROPIC_API_KEY is not set on the server');
  await expect(page.locator('#profile-simulator-responses')).toContainText('none needed');
  expect(await page.content()).not.toContain('sk-e2e-planted');
});

test('with a password, pages redirect to sign-in, APIs answer 401, and signing in works', async ({ page, request, browserProblems }) => {
  // Signing out at the end: a poll of the nav's alert count in the moment before the sign-in page is refused (401), as it must be.
  browserProblems.allow(401, /\/api\/alerts$/);
  const api = await request.get(`${passwordBase}/api/status`);
  expect(api.status()).toBe(401);
  const start = await request.post(`${passwordBase}/api/runs`, { data: { profileName: 'simulator-chat', task: 'x' } });
  expect(start.status()).toBe(401);

  await page.goto(`${passwordBase}/runs/new`);
  await expect(page).toHaveURL(/\/login\?next=%2Fruns%2Fnew/);
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#login-error')).toContainText('Wrong password');
  await page.getByLabel('Password').fill('e2e-correct-horse');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${passwordBase}/runs/new`);
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
});
