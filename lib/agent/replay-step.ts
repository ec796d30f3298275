import type { TurnRef } from '@/lib/store/fenced-run';
import type { RecordedToolCall } from '@/lib/store/tool-calls';
import { executeToolCall } from '@/lib/tools/dispatch';
import type { ExecutingRun } from './prepare-run';
import { matchTurn, type ReplayedRequest } from './replay';

/** What a replay's turn does with the calls the model asked for: the recorded results it serves, and whether the replay stops. */
export type TurnReplay = { served: RecordedToolCall[]; stop: boolean };

const LIVE: TurnReplay = { served: [], stop: false };

/**
 * For a replay that has not diverged yet: compares the turn's calls with the recording. Matching
 * calls are answered from it. At the first divergence the run log and the run's row say where;
 * then the replay stops, or — when asked to continue — the workspace gets the files the recorded
 * writes so far made (the model has seen them written) and the tools run for real from there.
 */
export async function followRecording(run: ExecutingRun, turn: TurnRef, requested: ReplayedRequest[]): Promise<TurnReplay> {
  const replay = run.replay;
  if (!replay || replay.diverged) return LIVE;
  const recordedTurn = replay.recorded.get(turn.index) ?? [];
  const match = matchTurn(turn.index, requested, recordedTurn);
  const served = recordedTurn.slice(0, match.matched);
  if (!match.divergence) return { served, stop: false };
  replay.diverged = true;
  const action = replay.mode === 'continue' && requested.length ? 'continued' : 'stopped';
  const divergence = { ...match.divergence, action } as const;
  run.fenced.events.append('notice', { notice: 'replay-diverged', ...divergence });
  await run.fenced.recordReplayDivergence(divergence);
  if (action === 'continued') {
    const earlier = [...replay.recorded.entries()].filter(([index]) => index < turn.index).flatMap(([, calls]) => calls);
    await applyRecordedWrites(run, [...earlier, ...served]);
  }
  return { served, stop: action === 'stopped' };
}

/**
 * The files recorded write_file calls wrote, written again into the run's workspace: a fork's
 * carried turns and a replay's served ones happened in another run's workspace, and the model has
 * seen them written. Failed writes and other tools are not repeated.
 */
export async function applyRecordedWrites(run: Pick<ExecutingRun, 'workspaceDir' | 'signal'>, calls: RecordedToolCall[]): Promise<void> {
  for (const call of calls) {
    if (call.name !== 'write_file' || call.isError || call.arguments === null) continue;
    await executeToolCall(
      { name: call.name, arguments: call.arguments },
      { workspaceDir: run.workspaceDir, allowCommands: false, signal: run.signal },
    );
  }
}
