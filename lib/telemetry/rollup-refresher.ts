// Keeps the telemetry rollups current from inside each worker; the advisory lock in
// refreshTelemetryRollups makes one refresh run at a time however many workers there are.
import type { Logger } from '@/lib/server/logger';
import type { Database } from '@/lib/store/database';
import { refreshTelemetryRollups } from './rollups';

export const DEFAULT_ROLLUP_INTERVAL_MS = 60_000;

export type RollupRefresher = { stop(): Promise<void> };

export function startRollupRefresher(
  db: Database,
  logger: Logger,
  intervalMs = Number(process.env.SWITCHBOARD_ROLLUP_INTERVAL_MS ?? DEFAULT_ROLLUP_INTERVAL_MS),
): RollupRefresher {
  let running: Promise<void> | null = null;
  // A build from scratch takes many steps: stopping the worker ends it after the step in progress.
  const stopping = new AbortController();
  const tick = () => {
    if (running) return;
    running = refreshTelemetryRollups(db, { signal: stopping.signal })
      .then((result) => {
        if (!result.skipped && (result.full || result.buckets > 0)) logger.info({ ...result }, 'telemetry rollups refreshed');
      })
      .catch((error: unknown) =>
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'telemetry rollup refresh failed'),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, Math.max(1_000, intervalMs));
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
