// Every worker keeps the month partitions of the run transcript tables ahead (lib/store/run-partitions.ts)
// and, with SWITCHBOARD_RETENTION_DAYS set, removes the runs older than the limit a month at a time
// (lib/store/run-retention.ts) once the telemetry rollups hold their calls. Advisory locks in both
// make one process do each change however many workers run it; the tool workspaces of removed runs
// are on the machines that ran them, so each worker removes those on its own.
import type { Logger } from '@/lib/server/logger';
import type { Database } from '@/lib/store/database';
import { ensureRunPartitions, uuid7Floor, type EnsuredPartitions } from '@/lib/store/run-partitions';
import {
  deleteRemovedRuns,
  dropExpiredPartitions,
  removedBeforeFor,
  removedBeforeSoFar,
  type RetentionPass,
} from '@/lib/store/run-retention';
import { rollupsHoldCalls } from '@/lib/telemetry/retention-guard';
import { refreshTelemetryRollups } from '@/lib/telemetry/rollups';
import { removeWorkspacesBefore } from '@/lib/tools/workspace';

export const PARTITION_MAINTENANCE_INTERVAL_MS = 3_600_000;

export type MaintenancePass = {
  partitions: EnsuredPartitions;
  /** Null without a retention limit. */
  retention: (RetentionPass & { runsDeleted: number }) | null;
  /** Tool workspaces (on this machine) of runs retention removed, deleted by this pass. */
  workspacesRemoved: number;
};

export type MaintenanceOptions = {
  retentionDays: number | null;
  now?: Date;
  /** This machine's run workspaces (`.data/workspaces`). */
  workspacesRoot?: string;
  /** Aborted when the worker stops: deleting runs stops after the batch in progress. */
  signal?: AbortSignal;
};

/**
 * One pass: the partitions ahead; with a limit, the rollups brought up to date, the expired months
 * dropped and their runs deleted; then the workspaces of removed runs.
 */
export async function maintainRunPartitions(db: Database, options: MaintenanceOptions): Promise<MaintenancePass> {
  const now = options.now ?? new Date();
  const partitions = await ensureRunPartitions(db, { now });
  let retention: MaintenancePass['retention'] = null;
  if (options.retentionDays !== null) {
    await refreshTelemetryRollups(db, { signal: options.signal });
    const pass = await dropExpiredPartitions(db, {
      removedBefore: removedBeforeFor(now, options.retentionDays),
      retentionDays: options.retentionDays,
      guard: rollupsHoldCalls,
    });
    // Also the runs a pass cut short left behind.
    retention = { ...pass, runsDeleted: await deleteRemovedRuns(db, { signal: options.signal }) };
  }
  const removedBefore = options.workspacesRoot ? await removedBeforeSoFar(db) : null;
  const workspacesRemoved = removedBefore ? await removeWorkspacesBefore(options.workspacesRoot!, uuid7Floor(removedBefore)) : 0;
  return { partitions, retention, workspacesRemoved };
}

export type PartitionMaintenance = { stop(): Promise<void> };

/** Runs `maintainRunPartitions` now and every `intervalMs`, logging what it changed. */
export function startPartitionMaintenance(
  db: Database,
  logger: Logger,
  options: { retentionDays: number | null; workspacesRoot?: string; intervalMs?: number },
): PartitionMaintenance {
  const stopping = new AbortController();
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = maintainRunPartitions(db, {
      retentionDays: options.retentionDays,
      workspacesRoot: options.workspacesRoot,
      signal: stopping.signal,
    })
      .then(({ partitions, retention, workspacesRemoved }) => {
        if (partitions.created.length) logger.info({ ...partitions }, 'run partitions created');
        if (retention?.dropped) {
          logger.info(
            { removedBefore: retention.removedBefore.toISOString(), partitions: retention.partitions, runs: retention.runs },
            'retention dropped expired partitions',
          );
        } else if (retention && retention.reason !== 'nothing is older than the limit') {
          logger.info({ reason: retention.reason }, 'retention waits');
        }
        if (retention?.runsDeleted) logger.info({ runs: retention.runsDeleted }, 'retention deleted runs');
        if (workspacesRemoved) logger.info({ workspaces: workspacesRemoved }, 'retention removed run workspaces');
      })
      .catch((error: unknown) =>
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'run partition maintenance failed'),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, Math.max(1_000, options.intervalMs ?? PARTITION_MAINTENANCE_INTERVAL_MS));
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
