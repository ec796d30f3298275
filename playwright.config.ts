import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/chromium';
import { CONSOLE_WORKERS } from './e2e/support/workers';

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
export const PASSWORD_BASE_URL = `http://127.0.0.1:${port + 1}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  outputDir: '.data/test-results/playwright',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      // The README's `npm start` path, on the test database (scripts/test.mjs sets DATABASE_URL).
      command: 'node scripts/start.mjs',
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: 'pipe',
      stderr: 'pipe',
      // A planted fake key: the e2e suite checks it never reaches a page. Alerts are evaluated every second (e2e/alerts.spec.ts).
      // e2e/planted-keys.spec.ts: a custom profile whose key is in a variable no name rule knows.
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        OPENAI_API_KEY: 'sk-e2e-planted-fake-key-000000000000',
        SWITCHBOARD_ALERT_INTERVAL_MS: '1000',
        SWITCHBOARD_PROFILES_FILE: 'e2e/fixtures/planted-profiles.json',
        SB_E2E_ACME_CREDENTIAL: 'acme-e2e-PLANTEDcustomKEY-5d4c3b2a19',
        SWITCHBOARD_WORKERS: String(CONSOLE_WORKERS),
      },
    },
    {
      // The same app with a password: the sign-in journey.
      command: 'node scripts/start.mjs',
      url: `http://127.0.0.1:${port + 1}/api/health`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { PORT: String(port + 1), HOST: '127.0.0.1', SWITCHBOARD_PASSWORD: 'e2e-correct-horse', SWITCHBOARD_WORKERS: '0' },
    },
  ],
});
