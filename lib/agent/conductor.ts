import { join } from 'node:path';
import type { Logger } from '@/lib/server/logger';
import type { Database } from '@/lib/store/database';
import { FencedRun, RunLostError, type RunEnd, type TurnRef } from '@/lib/store/fenced-run';
import { artifactStack } from './error-stack';
import type { Cooldowns } from './fallback-chain';
import { prepareRun } from './prepare-run';
import { executeTurn } from './turn-step';

export type ConductorDeps = {
  db: Database;
  workerId: string;
  logger: Logger;
  simulatorUrl: string | null;
  workspacesRoot: string;
  env?: Record<string, string | undefined>;
  /** Beats the heartbeat of the run while it executes, and says when it is lost or cancelled (lib/worker/run-heartbeats.ts). */
  heartbeats: RunWatch;
  cooldowns?: Cooldowns;
};

/** What a run's heartbeat reports while it executes. */
export type RunWatcher = { lost(): void; cancelRequested(): void };

/** Keeps the heartbeats of the runs a worker executes: watching a run until the returned function is called. */
export type RunWatch = { watch(runId: string, watcher: RunWatcher): () => void };

/** `lost`: the run was taken from this worker (marked interrupted while it ran); it wrote no end. */
export type RunOutcome = 'skipped' | 'succeeded' | 'failed' | 'cancelled' | 'lost';

/**
 * Executes a run turn by turn: provider call → events → tool calls → next turn, until a final
 * answer, max turns, cancellation or a fatal error. Everything is recorded as it happens, through
 * fenced writes: a worker that lost the run writes nothing more to it.
 */
export async function executeRun(runId: string, deps: ConductorDeps): Promise<RunOutcome> {
  const fenced = await FencedRun.claim(deps.db, runId, deps.workerId);
  if (!fenced) return 'skipped';
  const log = deps.logger.child({ runId });
  const controller = new AbortController();
  const stopWatching = watchRun(fenced, controller, deps.heartbeats);
  const finish = async (end: RunEnd): Promise<RunOutcome> => {
    stopWatching();
    await fenced.finish(end);
    log.info({ status: end.status }, 'run finished');
    return end.status;
  };
  /** The turn being executed, for an internal failure's artifact. */
  let turn: TurnRef | null = null;
  try {
    const prepared = await prepareRun(fenced, { ...deps, log, signal: controller.signal });
    if ('end' in prepared) return await finish(prepared.end);
    const { run } = prepared;
    for (let index = run.firstTurn; index < run.options.maxTurns; index++) {
      turn = await fenced.startTurn(index);
      const end = await executeTurn(run, turn);
      if (end) return await finish(end);
    }
    fenced.events.append('notice', { notice: 'max-turns', maxTurns: run.options.maxTurns });
    return await finish({ status: 'succeeded' });
  } catch (error) {
    if (fenced.isLost || error instanceof RunLostError) {
      log.warn('the run was marked interrupted while this worker ran it (stalled past the stale threshold); it stops here');
      return 'lost';
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error({ err: message }, 'run failed inside the conductor');
    // A bug of ours, not the provider's: its artifact keeps the stack (our own frames, relative paths) and the turn ends failed.
    const failedTurn = turn ? { turn, stack: artifactStack(error instanceof Error ? error.stack : null) } : undefined;
    return await finish({ status: 'failed', error: { kind: 'internal', message }, ...(failedTurn ? { failedTurn } : {}) }).catch(
      (failure: unknown) => (failure instanceof RunLostError ? ('lost' as const) : ('failed' as const)),
    );
  } finally {
    stopWatching();
  }
}

/**
 * The run is this worker's while it is `running` with our id. A worker that stalled past the stale
 * threshold (paused VM, long GC) finds its run interrupted — maybe resumed elsewhere — and stops: it
 * aborts and writes no end. A cancel requested from any process aborts the run too. Returns the
 * function that stops watching.
 */
function watchRun(fenced: FencedRun, controller: AbortController, heartbeats: RunWatch): () => void {
  const abort = (reason: string) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  return heartbeats.watch(fenced.id, {
    lost: () => {
      fenced.markLost();
      abort('run lost');
    },
    cancelRequested: () => abort('cancel requested'),
  });
}

export function workspacesRoot(cwd: string = process.cwd()): string {
  return join(cwd, '.data/workspaces');
}
