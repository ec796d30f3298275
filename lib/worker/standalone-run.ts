import { executeRun, workspacesRoot, type ConductorDeps, type RunOutcome } from '@/lib/agent/conductor';
import { RunHeartbeats } from './run-heartbeats';

/** How often a run executed on its own beats its heartbeat and checks for a cancel (as a worker's runs do). */
const HEARTBEAT_MS = 500;

export type StandaloneRunDeps = Omit<ConductorDeps, 'heartbeats' | 'workspacesRoot'> & { workspacesRoot?: string };

/**
 * Executes one run in this process, outside the queue (`npm run smoke`, tests): claimed and fenced
 * like a worker's runs, with heartbeats of its own for as long as it runs.
 */
export async function executeStandaloneRun(runId: string, deps: StandaloneRunDeps): Promise<RunOutcome> {
  const heartbeats = new RunHeartbeats(deps.db, deps.workerId, HEARTBEAT_MS, deps.logger.child({ runId }));
  try {
    return await executeRun(runId, { workspacesRoot: workspacesRoot(), ...deps, heartbeats });
  } finally {
    heartbeats.stop();
  }
}
