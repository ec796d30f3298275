// The Chromium every browser here runs: the e2e suite (playwright.config.ts) and the page benches
// (bench/pages.ts, bench/page-weight.ts) launch it alike, so their numbers speak of the same browser.
import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium (`npx playwright install` cannot download browsers here), headless in a container. */
export const chromiumLaunchOptions = {
  executablePath: process.env.SWITCHBOARD_CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
} satisfies LaunchOptions;
