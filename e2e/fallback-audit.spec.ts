import { expect, test } from './support/test';
import { openNewRun, simulatorRun } from './support/runs';

// The fallback audit on the run page: a rate-limited primary retried (retry-after honoured), then
// the fallback profile took over; each attempt says why it happened, the wait, and how the chain stood.

test('each attempt of a rate-limited primary and its fallback says why it happened, the wait and the chain', async ({ page, request }) => {
  test.setTimeout(90_000);
  await openNewRun(page, request, {
    ...simulatorRun('simulator-anthropic', 'Use list_files then answer.', 'rate_limit_json; retry_after=1'),
    options: { fallbacks: ['simulator-chat'] },
  });
  await expect(page.getByTestId('run-status')).toHaveText(/succeeded/, { timeout: 60_000 });

  const strips = page.getByTestId('turn-strip');
  const primary = strips.filter({ hasText: 'simulator-anthropic' }).first();
  const retries = primary.getByTestId('attempt-audit').getByRole('listitem');
  await expect(retries.first()).toContainText('#2 retry — after simulator-anthropic #1: rate_limit 429, before any stream began');
  await expect(retries.first()).toContainText('retry-after 1.0 s honoured');

  const fallback = strips.filter({ hasText: 'simulator-chat' }).first();
  const takeover = fallback.getByTestId('attempt-audit').getByRole('listitem').first();
  await expect(takeover).toContainText('#1 fallback: simulator-chat took over — after simulator-anthropic #');
  await expect(takeover).toContainText('rate_limit 429, before any stream began');
  await expect(takeover).toContainText('chain: simulator-anthropic failed · simulator-chat ready');
  // The next turn went to the fallback at once: the primary was cooling down.
  const nextTurn = strips.filter({ hasText: 'simulator-chat' }).nth(1);
  await expect(nextTurn.getByTestId('attempt-audit')).toContainText(
    /#1 first attempt · chain: simulator-anthropic cooling until \d{2}:\d{2}:\d{2} UTC · simulator-chat ready/,
  );
});
