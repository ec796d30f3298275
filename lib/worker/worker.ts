import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { executeRun, workspacesRoot } from '@/lib/agent/conductor';
import { startAlertEvaluator, type AlertEvaluator, type AlertEvaluatorSettings } from '@/lib/alerts/evaluator';
import { exportRunTracesInBackground, flushRunTraceExports } from '@/lib/otel/export-run-trace';
import { RUN_QUEUE, startQueue, type RunJob } from '@/lib/runs/run-queue';
import { createLogger, type Logger } from '@/lib/server/logger';
import { startSimulator, type SimulatorHandle } from '@/lib/simulator';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { ensureRunPartitions } from '@/lib/store/run-partitions';
import { startRollupRefresher } from '@/lib/telemetry/rollup-refresher';
import { startJobSlots } from './job-slots';
import { startPartitionMaintenance } from './partition-maintenance';
import { readRetentionDays } from './retention-setting';
import { RunHeartbeats } from './run-heartbeats';
import { startSweepers } from './sweepers';

export type WorkerOptions = {
  databaseUrl: string;
  /** Runs executed at once by this worker. */
  concurrency?: number;
  /** A run whose heartbeat is older than this is considered orphaned (`SWITCHBOARD_STALE_AFTER_MS`, default 15 s). */
  staleAfterMs?: number;
  logger?: Logger;
  /** Use this simulator instead of starting one in-process. */
  simulatorUrl?: string;
  /** Alert evaluation (lib/alerts); by default every SWITCHBOARD_ALERT_INTERVAL_MS (60 s). */
  alerts?: AlertEvaluatorSettings;
  /** Runs older than this many days are removed; null keeps them (default: SWITCHBOARD_RETENTION_DAYS). */
  retentionDays?: number | null;
};

export type WorkerHandle = {
  workerId: string;
  boss: PgBoss;
  db: Database;
  simulatorUrl: string;
  alerts: AlertEvaluator;
  stop(): Promise<void>;
};

/**
 * A queue worker: takes queued runs (each run is executed by exactly one worker: the job is
 * fetched with SKIP LOCKED and the run is claimed with a conditional UPDATE), beats a heartbeat
 * while it runs them, and marks runs of dead workers `interrupted`.
 */
let keepAliveInstalled = false;

/**
 * A lost database connection must not kill a worker: pg-boss completes jobs after their handler
 * without catching that failure. The rejection is logged; the run's heartbeat goes stale and the
 * run is marked interrupted, to be resumed.
 */
function keepRunningOnUnhandledRejections(logger: Logger): void {
  if (keepAliveInstalled) return;
  keepAliveInstalled = true;
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled rejection (the worker keeps running)');
  });
}

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const logger = (options.logger ?? createLogger()).child({ workerId });
  keepRunningOnUnhandledRejections(logger);
  const staleAfterMs = options.staleAfterMs ?? Number(process.env.SWITCHBOARD_STALE_AFTER_MS ?? 15_000);
  const retentionDays = options.retentionDays === undefined ? readRetentionDays() : options.retentionDays;
  // A worker that stalls inside a transaction holds its run's row: the server ends that session
  // once the worker would count as dead anyway, so the sweeper can mark the run interrupted.
  const db = createDatabase(options.databaseUrl, { idleInTransactionTimeoutMs: Math.max(10_000, staleAfterMs) });
  let simulator: SimulatorHandle | null = null;
  let simulatorUrl = options.simulatorUrl;
  if (!simulatorUrl) {
    simulator = await startSimulator({
      port: 0,
      chunkDelayMs: Number(process.env.SWITCHBOARD_SIMULATOR_CHUNK_DELAY_MS ?? 25),
      // Its request lines are noise here; its own failures (answered 500) are not.
      log: (line) => {
        if (line.startsWith('simulator error')) logger.error(line);
      },
    });
    simulatorUrl = simulator.url;
  }
  // The month partitions ahead exist before this worker writes a row (a failure here is logged: the
  // default partitions take the rows meanwhile, and the hourly maintenance tries again).
  await ensureRunPartitions(db)
    .then((ensured) => ensured.created.length && logger.info({ ...ensured }, 'run partitions created'))
    .catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'run partitions not created'));
  const boss = await startQueue(options.databaseUrl, (error) => logger.error({ err: error.message }, 'queue error'));
  const heartbeats = new RunHeartbeats(db, workerId, 500, logger);
  const deps = { db, workerId, logger, simulatorUrl, workspacesRoot: workspacesRoot(), heartbeats };
  const concurrency = Math.max(1, options.concurrency ?? Number(process.env.SWITCHBOARD_WORKER_CONCURRENCY ?? 4));
  const runs = startJobSlots<RunJob>({
    queue: boss,
    name: RUN_QUEUE,
    slots: concurrency,
    pollMs: 500,
    handle: async ({ runId }) => {
      const outcome = await executeRun(runId, deps);
      if (outcome !== 'skipped') exportRunTracesInBackground(db, [runId], { logger });
      logger.info({ runId, outcome }, 'job done');
    },
    onError: (error) => logger.error({ err: error.message }, 'queue error'),
  });
  const stopSweepers = startSweepers(db, boss, staleAfterMs, logger);
  const rollups = startRollupRefresher(db, logger);
  const partitions = startPartitionMaintenance(db, logger, { retentionDays, workspacesRoot: deps.workspacesRoot });
  const alerts = startAlertEvaluator({ db, workerId, logger, ...options.alerts });
  logger.info({ concurrency, simulatorUrl }, 'worker started');
  return {
    workerId,
    boss,
    db,
    simulatorUrl,
    alerts,
    async stop() {
      stopSweepers();
      await rollups.stop();
      await partitions.stop();
      await alerts.stop();
      await runs.stop({ timeoutMs: 10_000, reason: 'the worker stopped while the run was active' });
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
      heartbeats.stop();
      await flushRunTraceExports();
      await simulator?.close();
      await closeDatabase(db);
    },
  };
}
