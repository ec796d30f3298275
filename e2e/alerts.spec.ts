// Alerts in the browser: a rule on rate-limit incidents is created through the form (field errors
// first), a Simulator run meets 429 pages, the rule fires — the nav badge and the firing incident
// show it, and its link opens the run behind it — then the rule is deleted. The rule is scoped to
// a model of its own, so other specs' runs never count and this spec's run counts for nobody else.
import { randomBytes } from 'node:crypto';
import { expect, test } from './support/test';
import { startRun } from './support/runs';

const tag = randomBytes(4).toString('hex');
const model = `e2e-alerts-${tag}`;
const ruleName = `E2E rate limits ${tag}`;

test('a rate-limit rule fires after a 429 storm, shows in the nav and on /alerts, and opens its runs', async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.goto('/alerts');
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  const form = page.locator('#rule-form');

  // Invalid: refused with field errors, nothing saved.
  await form.getByLabel('Name', { exact: true }).fill('');
  await form.getByLabel('Threshold (calls)').fill('-2');
  await form.getByLabel('Webhook URL').fill('javascript:alert(1)');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByText('name the rule')).toBeVisible();
  await expect(form.getByText('the threshold cannot be negative')).toBeVisible();
  await expect(form.getByText('only http(s) webhook URLs are accepted, not javascript:')).toBeVisible();
  await expect(form.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(page.getByRole('row', { name: new RegExp(ruleName) })).toHaveCount(0);

  // Valid: rate-limit incidents ≥ 2 over the last minute, on the Simulator and this spec's model.
  await form.getByLabel('Name', { exact: true }).fill(ruleName);
  await expect(form.getByLabel('Metric', { exact: true })).toHaveValue('rate_limit_incidents');
  await form.getByLabel('Fires when the value is').selectOption('gte');
  await form.getByLabel('Threshold (calls)').fill('2');
  await form.getByLabel('Window', { exact: true }).selectOption('60');
  await form.getByLabel('Minimum calls').fill('1');
  await form.getByLabel('Provider', { exact: true }).selectOption('simulator');
  await form.getByLabel('Model (requested)').fill(model);
  await form.getByLabel('Webhook URL').fill('');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByRole('status')).toContainText(`Rule “${ruleName}” created.`);
  const ruleRow = page.getByTestId('alert-rules').getByRole('row', { name: new RegExp(ruleName) });
  await expect(ruleRow).toContainText(`simulator · ${model}`);
  await expect(ruleRow).toContainText('Rate-limit incidents ≥ 2 calls');

  // A run that meets three 429 "slow down" pages before it succeeds.
  const runId = await startRun(request, {
    profileName: 'simulator-chat',
    task: 'Say hello.',
    overrides: { model, simulatorScenario: 'rate_limit_html; times=3; retry_after=0' },
  });

  // The badge (polled) and the firing incident (the page refreshes itself).
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Alerts \(\d+ alerts? firing\)/ })).toBeVisible({
    timeout: 60_000,
  });
  const incident = page.getByTestId('firing-incidents').getByRole('row', { name: new RegExp(ruleName) });
  await expect(incident).toBeVisible({ timeout: 30_000 });
  await expect(incident).toContainText('≥ 2 calls');
  await expect(incident).toContainText('still firing');
  await expect(ruleRow).toContainText('firing');

  // The incident's link opens the run behind it.
  const link = incident.getByRole('link', { name: 'Rate-limited runs' });
  await expect(link).toHaveAttribute('href', new RegExp(`provider=simulator&model=${model}&hasErrors=1&errorKind=rate_limit$`));
  await link.click();
  await expect(page).toHaveURL(/\/runs\?from=/);
  await expect(page.getByTestId('window-note')).toContainText('error kind rate_limit');
  await expect(page.locator(`tr[data-run-id="${runId}"]`)).toBeVisible();

  // The badge is on every page.
  await expect(page.getByTestId('alert-badge')).toBeVisible();

  // Delete the rule (it asks first): its incident goes with it.
  await page.goto('/alerts');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: `Delete ${ruleName}` }).click();
  await expect(page.getByTestId('alert-rules').getByRole('row', { name: new RegExp(ruleName) })).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByRole('row', { name: new RegExp(ruleName) })).toHaveCount(0);
});
