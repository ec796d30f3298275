import { attemptText, fallbackText, noticeText, providerErrorText, statusText, unreadableText } from '@/lib/run-events/event-text';
import type { RunEventRecord, RunStatus } from '@/lib/run-events/schema';
import type { RunSummary } from './run-detail';
import { runSummaryAfter } from './run-view-reducer';
import { replayTranscript, transcriptReducer, type CutReason, type ToolPhase, type TranscriptState } from './transcript-reducer';

/**
 * The comparison page's live columns: per member run its transcript (the run page's reducer) and its
 * header, fed by the comparison's one multiplexed stream, and what a column shows of its run — the
 * current turn, streaming. A column shows no turn strips, so it holds none. Pure; client-safe.
 */
export type ComparisonColumnState = { transcript: TranscriptState; run: RunSummary };

export type ComparisonLiveState = {
  /** Per member run: its transcript (from its current turn on) and its header. */
  runs: Record<string, ComparisonColumnState>;
  /** Members whose log ended, with the status it ended in. */
  ended: Record<string, RunStatus | null>;
};

export type ComparisonLiveAction =
  { type: 'event'; runId: string; event: RunEventRecord } | { type: 'run-end'; runId: string; status: RunStatus | null };

/** The first render's state: each member's header, its log replayed (the page loads it from the current turn on). */
export function initialComparisonLive(members: { run: RunSummary; events: RunEventRecord[] }[]): ComparisonLiveState {
  return {
    runs: Object.fromEntries(members.map(({ run, events }) => [run.id, { run, transcript: replayTranscript(events) }])),
    ended: {},
  };
}

export function comparisonLiveReducer(state: ComparisonLiveState, action: ComparisonLiveAction): ComparisonLiveState {
  const run = state.runs[action.runId];
  if (!run) return state;
  if (action.type === 'run-end') return { ...state, ended: { ...state.ended, [action.runId]: action.status } };
  const transcript = transcriptReducer(run.transcript, action.event);
  if (transcript === run.transcript) return state;
  const next = { transcript, run: runSummaryAfter(run.run, action.event) };
  return { ...state, runs: { ...state.runs, [action.runId]: next } };
}

/** Events that change the aligned view's figures: a turn's summary or the run's row. */
export function changesAlignedView(event: Pick<RunEventRecord, 'type'>): boolean {
  return event.type === 'turn-summary' || event.type === 'run-updated';
}

export type CurrentTurn = {
  /** Null before the run began a turn. */
  index: number | null;
  profile: string | null;
  model: string | null;
  /** The assistant text of the turn, as streamed so far. */
  text: string;
  streaming: boolean;
  /** Reasoning is streaming (its words are on the run's page; a column says that it thinks). */
  thinking: boolean;
  cut: CutReason | null;
  tools: { key: string; name: string; phase: ToolPhase; ok: boolean | null }[];
  /** Notices, errors, fallbacks and status changes of the turn, in words. */
  notes: { key: string; text: string; error: boolean }[];
};

/** What a column shows: the run's last turn in the transcript (its text streaming in, its tool calls, its notices). */
export function currentTurnOf(transcript: TranscriptState): CurrentTurn {
  const start = transcript.blocks.findLastIndex((block) => block.kind === 'turn');
  const head = start >= 0 ? transcript.blocks[start] : undefined;
  const turn: CurrentTurn = {
    index: head?.kind === 'turn' ? head.index : null,
    profile: head?.kind === 'turn' ? head.profile : null,
    model: head?.kind === 'turn' ? head.model : null,
    text: '',
    streaming: false,
    thinking: false,
    cut: null,
    tools: [],
    notes: [],
  };
  for (const block of transcript.blocks.slice(start + 1)) {
    switch (block.kind) {
      case 'text':
        turn.text += block.text;
        turn.streaming = block.streaming;
        turn.cut = block.cut;
        break;
      case 'tool':
        turn.tools.push({ key: block.key, name: block.name, phase: block.phase, ok: block.outcome ? block.outcome.ok : null });
        break;
      case 'notice':
        turn.notes.push({ key: block.key, text: noticeText(block.payload), error: false });
        break;
      case 'provider-error':
        turn.notes.push({ key: block.key, text: providerErrorText(block.payload), error: true });
        break;
      case 'fallback':
        turn.notes.push({ key: block.key, text: fallbackText(block.payload), error: false });
        break;
      case 'attempt': {
        const text = attemptText(block);
        if (text) turn.notes.push({ key: block.key, text, error: false });
        break;
      }
      case 'status':
        if (block.payload.status !== 'running' && block.payload.status !== 'succeeded')
          turn.notes.push({ key: block.key, text: statusText(block.payload), error: block.payload.status === 'failed' });
        break;
      case 'unreadable':
        turn.notes.push({ key: block.key, text: unreadableText(block.type, block.problem), error: true });
        break;
      case 'reasoning':
        turn.thinking = block.streaming;
        break;
      case 'turn':
      case 'finish':
        break;
    }
  }
  return turn;
}
