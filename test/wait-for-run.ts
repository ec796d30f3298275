// Shared by the integration tests that start runs on a worker and check what they recorded.
import type { Database } from '@/lib/store/database';

/** The run once it is no longer queued or running; throws when it still is after `timeoutMs`. */
export async function waitForRun(db: Database, runId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    if (!['queued', 'running'].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
