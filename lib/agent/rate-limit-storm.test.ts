// Rate-limit storm: 50 runs against a simulator that answers 429 before it recovers. Retries are
// bounded and spread by jitter, every run ends done or with a rate_limit error artifact, and
// nothing crashes — on one worker, and on two sharing the runs.
import type PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import type { Database } from '@/lib/store/database';
import { startRun } from '@/lib/runs/start-run';
import { useWorkers } from '@/test/use-worker';

const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));

describe.each([1, 2])('rate-limit storm on %i worker(s)', (workerCount) => {
  let db: Database;
  let boss: PgBoss;
  useWorkers(workerCount, { concurrency: 25 }, ([worker]) => ({ db, boss } = worker!));

  it('50 runs: recovering ones finish, the others end with a rate_limit artifact, retries are jittered and bounded', async () => {
    const runIds: string[] = [];
    for (let i = 0; i < 50; i++) {
      // 40 runs meet 3 rate limits (with and without retry-after) and recover; 10 never do.
      const scenario =
        i < 20
          ? 'rate_limit_json; times=3; retry_after=1'
          : i < 40
            ? 'rate_limit_html; times=3; retry_after=none'
            : 'rate_limit_html; retry_after=none';
      const started = await startRun(
        {
          profileName: 'simulator-chat',
          task: `Storm run ${i}: say hello.`,
          overrides: { simulatorScenario: scenario },
        },
        { db, boss, profiles },
      );
      if (!started.ok) throw new Error(JSON.stringify(started));
      runIds.push(started.runId);
    }
    const deadline = Date.now() + 90_000;
    for (;;) {
      const open = await db.run.count({ where: { id: { in: runIds }, status: { in: ['queued', 'running'] } } });
      if (!open) break;
      if (Date.now() > deadline) throw new Error(`${open} runs still open`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const runs = await db.run.findMany({ where: { id: { in: runIds } } });
    expect(new Set(runs.map((run) => run.workerId)).size, 'the workers that ran the runs').toBe(workerCount);
    const failed = runs.filter((run) => run.status === 'failed');
    expect(runs.filter((run) => run.status === 'succeeded')).toHaveLength(40);
    expect(failed).toHaveLength(10);
    expect(failed.every((run) => run.errorKind === 'rate_limit')).toBe(true);
    expect(await db.errorArtifact.count({ where: { runId: { in: failed.map((run) => run.id) }, kind: 'rate_limit' } })).toBe(10);

    const waits = await db.providerCall.findMany({
      where: { runId: { in: runIds }, attempt: { gt: 1 } },
      select: { waitBeforeMs: true, runId: true },
    });
    const attempts = await db.providerCall.groupBy({ by: ['runId'], where: { runId: { in: runIds } }, _count: true });
    // Bounded: never more attempts than the policy's 4.
    expect(Math.max(...attempts.map((row) => row._count))).toBeLessThanOrEqual(4);
    // Jittered: the waits without retry-after spread out instead of all being equal.
    const jittered = waits.filter((wait) => runIds.indexOf(wait.runId) >= 20).map((wait) => wait.waitBeforeMs);
    expect(new Set(jittered).size).toBeGreaterThan(jittered.length / 2);
    const honoured = waits.filter((wait) => runIds.indexOf(wait.runId) < 20).map((wait) => wait.waitBeforeMs);
    expect(Math.min(...honoured)).toBeGreaterThanOrEqual(1000);
    const histogram = new Map<number, number>();
    for (const wait of jittered) histogram.set(Math.floor(wait / 500) * 500, (histogram.get(Math.floor(wait / 500) * 500) ?? 0) + 1);
    const report = [...histogram.entries()].sort(([a], [b]) => a - b).map(([from, count]) => `${from}–${from + 499} ms: ${count}`);
    console.log(`retry waits without retry-after (full jitter): ${report.join(', ')}`);
  }, 120_000);
});
