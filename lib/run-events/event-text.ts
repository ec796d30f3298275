import { describeCallError } from './call-error-text';
import { turnNumber } from './turn-number';
import type { ErrorPayload, FallbackPayload, NoticePayload, ReplayDivergence, StatusPayload } from './schema';

/**
 * The words a person reads for a run's events — one presenter for the run page, `npm run runs`
 * (show and tail), the smoke report and the worker's log. Events carry data (schema.ts); the
 * sentences are made here, from it. Client-safe.
 */

export const CANCELLED_TEXT =
  'Cancelled by the user: the provider call was stopped (what it had streamed stays above; a resume starts the next turn afresh).';

/** A tool result a replay served from its recording: the tool did not run. */
export const REPLAYED_RESULT_TEXT = 'replayed from the recording';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `[provider-error] rate_limit 429 Slow down.` — `network — stream cut after HTTP 200 …` when the response had begun. */
export function providerErrorText(error: Pick<ErrorPayload, 'kind' | 'status' | 'hint'>): string {
  return `[provider-error] ${describeCallError(error.kind, error.status)}${error.hint ? ` ${error.hint}` : ''}`;
}

/** A notice as `[<notice>] <what happened>`. */
export function noticeText(notice: NoticePayload): string {
  const say = (text: string) => `[${notice.notice}] ${text}`;
  if ('message' in notice) return notice.message.startsWith('[') ? notice.message : say(notice.message);
  switch (notice.notice) {
    case 'streaming-disabled':
      return say(notice.reason);
    case 'retrying':
      return say(`${notice.kind}${notice.status ? ` (HTTP ${notice.status})` : ''}: retrying in ${seconds(notice.delayMs)}`);
    case 'settings-ignored':
      return say(`${notice.runtime} does not accept ${notice.settings.join(', ')}; not sent.`);
    case 'reasoning-dropped':
      return say(`${notice.profile}: thinking is off for this call (the previous tool-use turn came from another provider).`);
    case 'max-turns':
      return say(`Stopped after ${notice.maxTurns} turns (the run's limit).`);
    case 'fallback-skipped':
      return say(`Fallback ${notice.profile} skipped: ${notice.reason}`);
    case 'cancelled':
      return say(CANCELLED_TEXT);
    case 'forked':
      return say(
        `Forked from run ${notice.parentRunId} after its turn ${turnNumber(notice.turnIndex)}: ${plural(notice.messages, 'message')} and ${plural(notice.toolResults, 'tool result')} carried over.`,
      );
    case 'fork-reasoning':
      return say(
        notice.dropped
          ? `${plural(notice.dropped, 'opaque reasoning blob')} from ${notice.droppedFrom.join(', ')} not sent: they go back only to the account that issued them (their summaries stay in the parent's transcript). ${notice.kept} kept.`
          : notice.kept
            ? `${plural(notice.kept, 'opaque reasoning blob')} carried back unchanged (same runtime and account).`
            : 'The carried turns hold no opaque reasoning: nothing to send back.',
      );
    case 'replaying':
      return say(
        `Replaying run ${notice.parentRunId}: ${plural(notice.recordedCalls, 'recorded tool result')} served while the model asks for the same calls; at the first divergence it ${notice.onDivergence === 'stop' ? 'stops' : 'continues with real tools'}.`,
      );
    case 'replay-diverged':
      return say(
        `Turn ${turnNumber(notice.turnIndex)}: the model ${divergenceClause(notice)}; ${notice.action === 'stopped' ? 'the replay stops here' : 'tools run for real from here'}.`,
      );
  }
}

/**
 * Where a replay left its recording, as the run page's header says it: `Left the recording at turn
 * 1: asked for read_file({"path":"b"}) where the recording has read_file({"path":"a"}); the replay
 * stopped there.`
 */
export function replayDivergenceText(divergence: ReplayDivergence): string {
  return `Left the recording at turn ${turnNumber(divergence.turnIndex)}: ${divergenceClause(divergence)}; ${divergence.action === 'stopped' ? 'the replay stopped there' : 'tools ran for real from there'}.`;
}

/** `asked for X where the recording has Y` (or `answered` / `has no more tool calls`). */
function divergenceClause({ asked, expected }: Pick<ReplayDivergence, 'asked' | 'expected'>): string {
  return `${asked ? `asked for ${callText(asked)}` : 'answered'} where the recording ${expected ? `has ${callText(expected)}` : 'has no more tool calls'}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function callText(call: { name: string; arguments: unknown }): string {
  const args = JSON.stringify(call.arguments) ?? '';
  return `${call.name}(${args.length > 80 ? `${args.slice(0, 79)}…` : args})`;
}

export function fallbackText(fallback: FallbackPayload): string {
  return `[fallback] ${fallback.from} failed (${fallback.kind}); switching to ${fallback.to}`;
}

/** `▶ Started on worker w1`, `▶ Resumed …`, `■ Run failed (auth): <the run's error message>`. */
export function statusText(status: StatusPayload): string {
  if (status.status === 'running')
    return `▶ ${status.resumed ? 'Resumed' : 'Started'}${status.workerId ? ` on worker ${status.workerId}` : ''}`;
  return `■ Run ${status.status}${status.errorKind ? ` (${status.errorKind})` : ''}${status.message ? `: ${status.message}` : ''}`;
}

/** A retry's new attempt (`↻ attempt 2 (not streamed)`); the first attempt says nothing. */
export function attemptText(attempt: { attempt: number; streamed: boolean }): string | null {
  return attempt.attempt > 1 ? `↻ attempt ${attempt.attempt} (${attempt.streamed ? 'streamed' : 'not streamed'})` : null;
}

export function finishText(finishReason: string): string {
  return `finish: ${finishReason}`;
}

/** An event this version cannot read (another version wrote it, or it is damaged): said, never obeyed. */
export function unreadableText(type: string, problem: string): string {
  return `[unreadable event] ${type} — ${problem}`;
}
