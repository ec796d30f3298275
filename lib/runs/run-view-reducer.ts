import { readRunEvent } from '@/lib/run-events/read-run-event';
import type { TurnSummary } from '@/lib/run-events/schema';
import type { RunDetail, RunSummary } from './run-detail';
import { initialTranscript, replayTranscript, transcriptReducer, type TranscriptEvent, type TranscriptState } from './transcript-reducer';

/**
 * The live run page's state: the transcript and the run's rows (header, per-turn strips, error
 * artifacts), one reducer over the run's events. The rows start as read with the log (one
 * snapshot: `getRunPage`), then follow it: `run-updated` carries the header's fields and
 * `turn-summary` a turn's strip and artifacts, each written in the transaction of the change it
 * describes. Events apply in seq order, each once, so a run's end (its last `run-updated`, then
 * the terminal `status`) never shows before the totals it ends with. Pure; client-safe.
 */
export type RunViewState = { transcript: TranscriptState; detail: RunDetail };

/** The page's first state: the log replayed, the rows as read in the same snapshot. */
export function initialRunView({ detail, events }: { detail: RunDetail; events: readonly TranscriptEvent[] }): RunViewState {
  return { transcript: replayTranscript(events, initialTranscript), detail };
}

export function runViewReducer(state: RunViewState, event: TranscriptEvent): RunViewState {
  const transcript = transcriptReducer(state.transcript, event);
  if (transcript === state.transcript) return state;
  if (event.type === 'run-updated') {
    const run = runSummaryAfter(state.detail.run, event);
    return { transcript, detail: run === state.detail.run ? state.detail : { ...state.detail, run } };
  }
  if (event.type !== 'turn-summary') return { ...state, transcript };
  const read = readRunEvent(event);
  const detail = read.ok && read.body.type === 'turn-summary' ? withTurnSummary(state.detail, read.body.payload) : state.detail;
  return { transcript, detail };
}

/** A run's header after one of its events: `run-updated` carries the header's fields; other events leave it. */
export function runSummaryAfter(run: RunSummary, event: TranscriptEvent): RunSummary {
  if (event.type !== 'run-updated') return run;
  const read = readRunEvent(event);
  return read.ok && read.body.type === 'run-updated' ? { ...run, ...read.body.payload } : run;
}

function withTurnSummary(detail: RunDetail, { errorArtifacts, ...turn }: TurnSummary): RunDetail {
  return {
    ...detail,
    turns: [...detail.turns.filter((other) => other.index !== turn.index), turn].sort((a, b) => a.index - b.index),
    errorArtifacts: [...detail.errorArtifacts.filter((artifact) => artifact.turnIndex !== turn.index), ...errorArtifacts].sort(
      (a, b) => a.turnIndex - b.turnIndex,
    ),
  };
}
