import type { RunEnd, TurnRef } from '@/lib/store/fenced-run';
import { callWithFallbacks } from './call-step';
import type { ExecutingRun } from './prepare-run';
import { followRecording } from './replay-step';
import { executeToolCalls, requestedToolCalls } from './tool-step';

/**
 * One turn: the provider call (down the fallback chain), then the tool calls its reply asks for.
 * Returns how the run ends with this turn (a final answer, a failed call, a cancel), or null when
 * the next turn follows.
 */
export async function executeTurn(run: ExecutingRun, turn: TurnRef): Promise<RunEnd | null> {
  const { fenced } = run;
  const { result, call } = await callWithFallbacks(run, turn);
  const unrecorded = call ? { call } : {};
  if (result.error) {
    // A failed call's partial output stays in the run log, not in the conversation a resume replays.
    const cancelled = result.error.kind === 'cancelled';
    await fenced.finishTurn(turn, { status: cancelled ? 'cancelled' : 'failed', finishReason: 'error', ...unrecorded });
    return cancelled ? { status: 'cancelled' } : { status: 'failed', error: { kind: result.error.kind, message: result.error.message } };
  }
  run.conversation = [...run.conversation, result.message];
  const requested = requestedToolCalls(result);
  const replay = await followRecording(run, turn, requested);
  if (!requested.length) {
    await fenced.finishTurn(turn, { status: 'succeeded', finishReason: result.finishReason, ...unrecorded, messages: [result.message] });
    return { status: 'succeeded' };
  }
  await fenced.recordReply(turn, { ...unrecorded, reply: result.message });
  if (replay.stop) {
    // The replay ends where the model left the recording: the calls before that point are answered from it, the rest are not run.
    const tools = await executeToolCalls(requested.slice(0, replay.served.length), run, replay.served);
    await fenced.finishTurn(turn, {
      status: 'succeeded',
      finishReason: result.finishReason,
      toolCalls: tools.records,
      messages: [tools.message],
    });
    return { status: 'succeeded' };
  }
  const tools = await executeToolCalls(requested, run, replay.served);
  run.conversation = [...run.conversation, tools.message];
  await fenced.finishTurn(turn, {
    status: 'succeeded',
    finishReason: result.finishReason,
    toolCalls: tools.records,
    messages: [tools.message],
  });
  return run.signal.aborted ? { status: 'cancelled' } : null;
}
