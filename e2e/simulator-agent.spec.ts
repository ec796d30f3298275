import { expect, test } from './support/test';
import { startFromForm, waitForStatus } from './support/runs';

// Issue 15, point 10: the Simulator works through a natural task like an agent, and the New run
// form says so in one line while a Simulator profile is selected.
test('a natural task on the Simulator calls the tools and answers from what they returned', async ({ page, request }) => {
  await page.goto('/runs/new?profile=simulator-anthropic');
  const line = page.getByText('The Simulator is a scripted, deterministic model');
  await expect(line).toBeVisible();
  // Default tools and the sample-project workspace, as the form opens.
  await page.getByRole('textbox', { name: 'Task' }).fill('List the files in the workspace and summarise the README');
  const id = await startFromForm(page);
  await waitForStatus(request, id, 'succeeded');
  const answer = page.getByTestId('assistant-text').last();
  // Only the listing had the file in src/, only the README its first line.
  await expect(answer).toContainText('src/duration.ts');
  await expect(answer).toContainText('A tiny workspace for trying agents');

  await page.goto('/runs/new?profile=openai-gpt-4.1');
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
  await expect(line).toHaveCount(0);
});
