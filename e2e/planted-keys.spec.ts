// The planted-key journey in the browser. The console runs with a custom profile
// (e2e/fixtures/planted-profiles.json) whose key lives in SB_E2E_ACME_CREDENTIAL — a name no
// secret-name rule matches — and a planted OPENAI_API_KEY (playwright.config.ts). A person types a
// key into the model field (refused), puts keys in the system prompt and the task, and runs the
// profile with the simulator echoing its key back in 3-character pieces, and echoing it in an error
// body. Afterwards no key is on any page, in the SSE stream, the export bundle or the JSONL.
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { startFromForm, waitForStatus } from './support/runs';

const CUSTOM_KEY = 'acme-e2e-PLANTEDcustomKEY-5d4c3b2a19';
const TASK_KEY = 'sk-proj-PLANTEDe2eTASKkey0123456789abcdefXYZ';
const PROMPT_KEY = 'xai-PLANTEDe2ePROMPTkey0123456789abcdefghijklm';
const SECRETS = [CUSTOM_KEY, TASK_KEY, PROMPT_KEY, 'PLANTED', 'sk-e2e-planted'];

function expectNoKeys(label: string, text: string) {
  for (const secret of SECRETS) expect(text.includes(secret), `${label} holds ${secret}`).toBe(false);
}

/** Starts the planted profile from the New run form, with a key in the system prompt. */
async function startPlantedRun(page: Page, scenario: string, task: string): Promise<string> {
  await page.goto('/runs/new?profile=e2e-planted');
  await page.getByLabel('Scenario header').fill(scenario);
  await page.getByText('Advanced: system prompt').click();
  await page.getByLabel('System prompt').fill(`You are careful. Never repeat ${PROMPT_KEY}.`);
  await page.getByRole('textbox', { name: 'Task' }).fill(task);
  return startFromForm(page);
}

test('a key typed into the model field is refused with a field message, and nothing starts', async ({ page }) => {
  await page.goto('/runs/new?profile=e2e-planted');
  await page.getByLabel('Model', { exact: true }).fill(TASK_KEY);
  await page.getByRole('textbox', { name: 'Task' }).fill('Say hello.');
  await page.getByRole('button', { name: 'Start run' }).click();
  const model = page.getByLabel('Model', { exact: true });
  await expect(model).toHaveAttribute('aria-invalid', 'true');
  await expect(model).toHaveAccessibleDescription(/looks like an API key, not a model name/);
  await expect(page).toHaveURL(/\/runs\/new/);
});

test('keys streamed in pieces, echoed in an error body, in the task and the system prompt are on no page, stream or export', async ({
  page,
  request,
}) => {
  // Two runs and ten pages looked at: on a busy two-core machine each page takes 1–4 s.
  test.setTimeout(90_000);
  const streamed = await startPlantedRun(page, 'echo_key_in_stream; chunk=3', `Repeat your key. Mine is ${TASK_KEY}.`);
  // Watched live: the run page shows the masked key as it streams.
  await expect(page.getByText(/API key \[REDACTED\] - a provider that echoes it/)).toBeVisible({ timeout: 30_000 });
  await waitForStatus(request, streamed, 'succeeded');
  expectNoKeys('the live run page', await page.content());

  const failed = await startPlantedRun(page, 'echo_key_in_error', 'Say hello.');
  await waitForStatus(request, failed, 'failed');
  await expect(page.getByText(/The API key \[REDACTED\] is not permitted/).first()).toBeVisible();

  // Every page's server HTML (a fresh load, not only what the client drew) and what the browser shows.
  for (const path of ['/', '/runs', `/runs/${streamed}`, `/runs/${failed}`, '/telemetry', '/alerts', '/providers', '/runs/new']) {
    const html = await (await request.get(path)).text();
    expectNoKeys(`${path} (server HTML)`, html);
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    expectNoKeys(`${path} (browser)`, await page.content());
  }
  // The APIs, the SSE stream, the export bundle, the JSONL and the error artifact.
  const paths = [
    `/api/runs?limit=50`,
    `/api/runs/${streamed}`,
    `/api/runs/${streamed}/events`,
    `/api/runs/${failed}/events`,
    `/api/runs/${streamed}/export`,
    `/api/runs/${failed}/export`,
    `/api/runs/export.jsonl?limit=50`,
    `/api/runs/${failed}/errors/turn_1.json`,
    '/api/telemetry?window=24h',
    '/api/status',
  ];
  for (const path of paths) {
    const response = await request.get(path);
    expect(response.status(), path).toBeLessThan(400);
    const body = await response.text();
    expect(body.length, path).toBeGreaterThan(0);
    expectNoKeys(path, body);
  }
  const events = await (await request.get(`/api/runs/${streamed}/events`)).text();
  expect(events).toContain('[REDACTED]');
});
