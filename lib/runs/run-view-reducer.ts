import { readRunEvent } from '@/lib/run-events/read-run-event';
import type { RunUpdate, TurnSummary } from '@/lib/run-events/schema';
import type { RunDetail } from './run-detail';
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
  if (event.type !== 'run-updated' && event.type !== 'turn-summary') return { ...state, transcript };
  const read = readRunEvent(event);
  if (!read.ok) return { ...state, transcript };
  const detail =
    read.body.type === 'run-updated'
      ? withRunUpdate(state.detail, read.body.payload)
      : read.body.type === 'turn-summary'
        ? withTurnSummary(state.detail, read.body.payload)
        : state.detail;
  return { transcript, detail };
}

function withRunUpdate(detail: RunDetail, update: RunUpdate): RunDetail {
  return { ...detail, run: { ...detail.run, ...update } };
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
