// The telemetry dashboard marks itself `data-hydrated` once React has taken over the server's HTML:
// only then do its controls answer clicks. Hydrating it (recharts included) is the browser's own CPU
// work, which on a busy two-core CI machine has been seen to take longer than expect's default 5 s.
import { expect, type Page } from '@playwright/test';

export const HYDRATION_TIMEOUT_MS = 20_000;

export async function expectTelemetryHydrated(page: Page): Promise<void> {
  await expect(page.locator('[data-hydrated]')).toBeAttached({ timeout: HYDRATION_TIMEOUT_MS });
}
