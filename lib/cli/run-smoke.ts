import 'server-only';
import type { Logger } from '@/lib/server/logger';
import { createRun } from '@/lib/runs/start-run';
import type { ProviderProfile } from '@/lib/config/profile-schema';
import { getRunDetail, listRunEvents } from '@/lib/runs/run-detail';
import { executeStandaloneRun } from '@/lib/worker/standalone-run';
import { replayTranscript } from '@/lib/runs/transcript-reducer';
import type { Database } from '@/lib/store/database';
import { missingKey, type SmokePlan } from './smoke-plan';
import { refusedSummary, runSummary, skippedSummary, type SmokeSummary } from './smoke-report';

export type SmokeDeps = {
  db: Database;
  profiles: ProviderProfile[];
  env: Record<string, string | undefined>;
  simulatorUrl: string | null;
  logger: Logger;
  workerId: string;
  /** Called once the run exists (so Ctrl-C can cancel it). */
  onRunCreated?: (runId: string) => void;
};

/**
 * One smoke call, recorded as a run like any other: created with the console's validation
 * (`createRun`), executed here by the conductor (no queue), then read back as the console reads it.
 */
export async function runSmoke(plan: SmokePlan, deps: SmokeDeps): Promise<SmokeSummary> {
  const skip = missingKey(plan.profile, deps.env);
  if (skip) return skippedSummary(plan, skip);
  const created = await createRun(plan.input, { db: deps.db, profiles: deps.profiles, env: deps.env });
  if (!created.ok) return refusedSummary(plan, created.message, created.fieldErrors);
  deps.onRunCreated?.(created.runId);
  await executeStandaloneRun(created.runId, {
    db: deps.db,
    workerId: deps.workerId,
    logger: deps.logger,
    simulatorUrl: deps.simulatorUrl,
    env: deps.env,
  });
  const [detail, events] = await Promise.all([getRunDetail(deps.db, created.runId), listRunEvents(deps.db, created.runId)]);
  if (!detail) throw new Error(`run ${created.runId} disappeared`);
  return runSummary(plan, detail, replayTranscript(events));
}
