import { expect, test } from './support/test';

// The sign-in page of the console started with SWITCHBOARD_PASSWORD (playwright.config.ts, port + 1).
const passwordBase = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

test('the sign-in page shows the brand only, and a password sent while another is checked is queued, not dropped', async ({
  page,
  browserProblems,
}) => {
  // Signing out below: the nav's alert count polled in the moment between the session's end and the
  // sign-in page is refused (401), as it must be.
  browserProblems.allow(401, /\/api\/alerts$/);
  await page.goto(`${passwordBase}/runs?status=failed`);
  await expect(page).toHaveURL(/\/login\?next=%2Fruns%3Fstatus%3Dfailed/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toContainText('Switchboard');
  await expect(nav.getByRole('link')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  // The icon is served to signed-out visitors too.
  const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(icon).toMatch(/^\/icon\.svg/);
  expect((await page.request.get(`${passwordBase}${icon}`)).status()).toBe(200);

  // A wrong password, then — while it is still being checked (400 ms) — the right one, with Enter.
  const field = page.getByLabel('Password');
  await field.fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Signing in…' })).toBeEnabled();
  await expect(page.getByTestId('login-progress')).toContainText('queued');
  await field.fill('e2e-correct-horse');
  await field.press('Enter');
  await expect(page).toHaveURL(`${passwordBase}/runs?status=failed`);
  await expect(page.getByRole('heading', { name: 'Runs', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // Sign-out ends the session on the server: a copy of the cookie (another tab, a stolen one) stops working too.
  const session = (await page.context().cookies()).find((cookie) => cookie.name === 'switchboard_session');
  expect(session).toBeDefined();
  const withOldCookie = () =>
    page.request.get(`${passwordBase}/runs`, { headers: { cookie: `switchboard_session=${session!.value}` }, maxRedirects: 0 });
  expect((await withOldCookie()).status()).toBe(200);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  const afterSignOut = await withOldCookie();
  expect(afterSignOut.status()).toBe(307);
  expect(afterSignOut.headers()['location']).toMatch(/\/login\?next=%2Fruns$/);
  // A wrong password alone says so, and leaves it selected to type over.
  await page.getByLabel('Password').fill('still wrong');
  await page.getByLabel('Password').press('Enter');
  await expect(page.locator('#login-error')).toHaveText('Wrong password.');
});

test('after signing in, the browser stays on the console whatever next says', async ({ page }) => {
  // A link that would send the browser to another origin once signed in (browsers read `/\` as `//`).
  await page.goto(`${passwordBase}/login?next=${encodeURIComponent('/\\127.0.0.1:4998/pwned')}`);
  const next = page.locator('input[type="hidden"][name="next"]');
  // The page does not pass the bad value on…
  await expect(next).toHaveValue('/');
  // …and the server does not follow it when a hand-made form sends it anyway.
  await next.evaluate((input: HTMLInputElement) => (input.value = '/\\127.0.0.1:4998/pwned'));
  await page.getByLabel('Password').fill('e2e-correct-horse');
  await page.getByLabel('Password').press('Enter');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(passwordBase);
  expect(new URL(page.url()).pathname).toBe('/');
});

test('without a password, /login says so from the start and leads on to the console', async ({ page }) => {
  // The console under test has no SWITCHBOARD_PASSWORD (playwright.config.ts, port): nothing to sign in to.
  await page.goto('/login?next=%2Fruns%3Fstatus%3Dfailed');
  const main = page.getByRole('main');
  await expect(main).toContainText('No password is configured');
  await expect(main).toContainText('SWITCHBOARD_PASSWORD');
  await expect(main).not.toContainText('requires a password');
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await page.getByRole('link', { name: 'Open the console' }).click();
  await expect(page).toHaveURL(/\/runs\?status=failed$/);
});
