// For tests that refresh the rollups while other test files (and their workers' refreshers) share
// the database: a refresh that finds another refresher holding the lock is tried again, so a test
// never goes on with rollups that do not hold its rows.
import type { Database } from '@/lib/store/prisma';
import { refreshTelemetryRollups, type RollupRefresh } from './rollups';

export async function refreshRollupsWhenFree(
  db: Database,
  options: Parameters<typeof refreshTelemetryRollups>[1] = {},
  timeoutMs = 20_000,
): Promise<Extract<RollupRefresh, { skipped: false }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const refresh = await refreshTelemetryRollups(db, options);
    if (!refresh.skipped) return refresh;
    if (Date.now() > deadline) throw new Error(`the rollups stayed locked for ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
