import { isUserCancel } from '@/lib/run-events/call-error-text';
import { readRunEvent } from '@/lib/run-events/read-run-event';
import {
  toolValidationErrors,
  type ErrorPayload,
  type FallbackPayload,
  type NoticePayload,
  type RunEventBody,
  type RunEventRecord,
  type StatusPayload,
} from '@/lib/run-events/schema';

/**
 * Builds the transcript of a run from its RunEvents (lib/run-events/schema.ts). Pure: the live view
 * (events arriving over SSE) and a replay (events loaded at once) run exactly this code, so a reload
 * mid-run shows what the live view showed. Events at or below `lastSeq` are ignored, so a
 * re-delivered event never duplicates text. Each event is read through the schema; one that does not
 * read (another version wrote it, or it is damaged) becomes an `unreadable` block and is counted.
 * Blocks carry data: the words are made by lib/run-events/event-text.ts.
 *
 * Streaming blocks end with their call: text and reasoning are `streaming` until the call finishes,
 * and `cut` when it ended otherwise (an error, a cancel, the run stopping); a tool call is
 * `arguments` while its arguments stream, `running` once they are complete, and `not-run` when the
 * turn or run ended without its result. The finish of a call the user cancelled says `cancelled`.
 */

/** What the reducer needs of an event: its seq, type and payload (not yet read). */
export type TranscriptEvent = Pick<RunEventRecord, 'seq' | 'type' | 'payload'>;

export type ValidationError = { path: string; message: string };

/** `replayed`: a replay served the result from its recording (the tool did not run). */
export type ToolOutcome = { ok: boolean; result: unknown; errors: ValidationError[]; replayed: boolean };

/** Why output stopped before its call finished: the call failed, the user cancelled, or the run stopped (interrupted, next turn). */
export type CutReason = 'failed' | 'cancelled' | 'stopped';

/** `arguments`: still streaming · `running`: complete, its result pending · `done`: its result arrived · `not-run`: ended without one. */
export type ToolPhase = 'arguments' | 'running' | 'done' | 'not-run';

export type TranscriptBlock =
  | { kind: 'turn'; key: string; index: number; turnId: string | null; profile: string; model: string; fallback: boolean }
  | { kind: 'status'; key: string; payload: StatusPayload }
  | { kind: 'attempt'; key: string; attempt: number; streamed: boolean }
  | { kind: 'text'; key: string; text: string; streaming: boolean; cut: CutReason | null }
  | {
      kind: 'reasoning';
      key: string;
      text: string;
      /** The complete part arrived (not only deltas). */
      complete: boolean;
      streaming: boolean;
      cut: CutReason | null;
      encryptedBytes: number;
      signatureBytes: number;
      redacted: boolean;
    }
  | {
      kind: 'tool';
      key: string;
      id: string;
      name: string;
      arguments: unknown;
      rawArguments: string | null;
      /** Why the arguments were not JSON (the call was never run). */
      invalid: string | null;
      outcome: ToolOutcome | null;
      phase: ToolPhase;
    }
  | { kind: 'notice'; key: string; payload: NoticePayload }
  | { kind: 'provider-error'; key: string; payload: ErrorPayload }
  | { kind: 'fallback'; key: string; payload: FallbackPayload }
  | { kind: 'finish'; key: string; finishReason: string }
  /** An event this version could not read: shown raw (as data), never dropped in silence. */
  | { kind: 'unreadable'; key: string; type: string; payload: unknown; problem: string };

export type TranscriptState = {
  /** The highest seq applied (−1 before any). */
  lastSeq: number;
  blocks: TranscriptBlock[];
  /** The status of the latest `status` event (null before the worker wrote one). */
  status: string | null;
  /** Index of the turn in progress or last seen. */
  turnIndex: number | null;
  /** How many events arrived with a seq that skipped ahead (0 when the stream is gap-free). */
  gaps: number;
  /** How many events could not be read through the schema. */
  unreadable: number;
};

export const initialTranscript: TranscriptState = { lastSeq: -1, blocks: [], status: null, turnIndex: null, gaps: 0, unreadable: 0 };

/** `result.errors` of a tool result: `[{ path, message }]` (path as an array or a string). */
export function validationErrorsOf(result: unknown): ValidationError[] {
  return toolValidationErrors(result).map((error) => {
    const path = Array.isArray(error.path) ? error.path.map(String).join('.') : error.path;
    return { path: path || '(arguments)', message: error.message || 'invalid' };
  });
}

function replaceLast(blocks: TranscriptBlock[], index: number, block: TranscriptBlock): TranscriptBlock[] {
  const next = blocks.slice();
  next[index] = block;
  return next;
}

function findLastIndex(
  blocks: TranscriptBlock[],
  test: (block: TranscriptBlock) => boolean,
  stopAt?: (block: TranscriptBlock) => boolean,
): number {
  for (let index = blocks.length - 1; index >= 0; index--) {
    const block = blocks[index]!;
    if (test(block)) return index;
    if (stopAt?.(block)) return -1;
  }
  return -1;
}

type ToolBlock = Extract<TranscriptBlock, { kind: 'tool' }>;

/**
 * Ends what is still streaming: `cut` marks output whose call did not finish. Tool calls without a
 * result end as `not-run` unless only the provider call finished (`finish`: the tools run next).
 */
function endStreaming(blocks: TranscriptBlock[], how: 'finished' | CutReason): TranscriptBlock[] {
  let next: TranscriptBlock[] | null = null;
  for (let index = blocks.length - 1; index >= 0; index--) {
    const block = blocks[index]!;
    let changed: TranscriptBlock | null = null;
    if ((block.kind === 'text' || block.kind === 'reasoning') && block.streaming) {
      changed = { ...block, streaming: false, cut: how === 'finished' || (block.kind === 'reasoning' && block.complete) ? null : how };
    } else if (block.kind === 'tool' && how !== 'finished' && (block.phase === 'arguments' || block.phase === 'running')) {
      changed = { ...block, phase: 'not-run' };
    } else if (block.kind === 'tool' && how === 'finished' && block.phase === 'arguments') {
      changed = { ...block, phase: 'running' };
    }
    if (changed) (next ??= blocks.slice())[index] = changed;
  }
  return next ?? blocks;
}

function statusCut(status: string): CutReason {
  return status === 'cancelled' ? 'cancelled' : status === 'failed' ? 'failed' : 'stopped';
}

/** The first block of the current turn (after the last `turn` block) that passes. */
function findFirstInTurn(blocks: TranscriptBlock[], test: (block: TranscriptBlock) => boolean): number {
  const start = findLastIndex(blocks, (block) => block.kind === 'turn') + 1;
  for (let index = start; index < blocks.length; index++) if (test(blocks[index]!)) return index;
  return -1;
}

function applyBlocks(blocks: TranscriptBlock[], event: RunEventBody, key: string): TranscriptBlock[] {
  switch (event.type) {
    case 'turn-start': {
      const { index, turnId, profile, model, fallback } = event.payload;
      return [...endStreaming(blocks, 'stopped'), { kind: 'turn', key, index, turnId, profile, model, fallback }];
    }
    case 'status':
      return [
        ...(event.payload.status === 'running' ? blocks : endStreaming(blocks, statusCut(event.payload.status))),
        { kind: 'status', key, payload: event.payload },
      ];
    case 'attempt':
      // A new attempt means the previous one ended without finishing.
      return [
        ...endStreaming(blocks, 'failed'),
        { kind: 'attempt', key, attempt: event.payload.attempt, streamed: event.payload.streamed },
      ];
    case 'text-delta': {
      const { text } = event.payload;
      const last = blocks.at(-1);
      if (last?.kind === 'text' && last.streaming) return replaceLast(blocks, blocks.length - 1, { ...last, text: last.text + text });
      return [...blocks, { kind: 'text', key, text, streaming: true, cut: null }];
    }
    case 'reasoning-delta': {
      const { text } = event.payload;
      const last = blocks.at(-1);
      if (last?.kind === 'reasoning' && !last.complete && last.streaming)
        return replaceLast(blocks, blocks.length - 1, { ...last, text: last.text + text });
      return [
        ...blocks,
        {
          kind: 'reasoning',
          key,
          text,
          complete: false,
          streaming: true,
          cut: null,
          encryptedBytes: 0,
          signatureBytes: 0,
          redacted: false,
        },
      ];
    }
    case 'reasoning': {
      const { text, encryptedBytes, signatureBytes, redacted } = event.payload;
      const complete = { complete: true, streaming: false, cut: null, encryptedBytes, signatureBytes, redacted };
      // The complete part closes the reasoning that streamed in this turn, if any.
      const open = findLastIndex(
        blocks,
        (block) => block.kind === 'reasoning' && !block.complete,
        (block) => block.kind === 'turn',
      );
      if (open >= 0) {
        const streamed = blocks[open] as Extract<TranscriptBlock, { kind: 'reasoning' }>;
        return replaceLast(blocks, open, { ...streamed, ...complete, text: text || streamed.text });
      }
      return [...blocks, { kind: 'reasoning', key, text: text ?? '', ...complete }];
    }
    case 'tool-call-start': {
      // The model began a tool call; its arguments stream (their fragments are not kept).
      const id = event.payload.id ?? '';
      if (
        id &&
        findLastIndex(
          blocks,
          (block) => block.kind === 'tool' && block.id === id,
          (block) => block.kind === 'turn',
        ) >= 0
      )
        return blocks;
      return [
        ...blocks,
        {
          kind: 'tool',
          key,
          id,
          name: event.payload.name ?? 'tool',
          arguments: null,
          rawArguments: null,
          invalid: null,
          outcome: null,
          phase: 'arguments',
        },
      ];
    }
    case 'tool-call': {
      const call = event.payload;
      const complete =
        'invalid' in call
          ? { id: call.id, name: call.name, arguments: null, rawArguments: call.rawArguments, invalid: call.invalid }
          : { id: call.id, name: call.name, arguments: call.arguments ?? null, rawArguments: null, invalid: null };
      const phase: ToolPhase = complete.invalid === null ? 'running' : 'not-run';
      // The card its arguments streamed into: the same id, else the first one of this turn that had no id yet.
      const streamed = (test: (block: ToolBlock) => boolean) =>
        findFirstInTurn(blocks, (block) => block.kind === 'tool' && block.phase === 'arguments' && test(block));
      const open = complete.id ? streamed((block) => block.id === complete.id) : -1;
      const target = open >= 0 ? open : streamed((block) => block.id === '');
      if (target >= 0) return replaceLast(blocks, target, { ...(blocks[target] as ToolBlock), ...complete, phase });
      return [...blocks, { kind: 'tool', key, ...complete, outcome: null, phase }];
    }
    case 'tool-result': {
      const { id, name, ok, result, replayed } = event.payload;
      const outcome: ToolOutcome = { ok, result: result ?? null, errors: validationErrorsOf(result), replayed: replayed === true };
      const call = findLastIndex(blocks, (block) => block.kind === 'tool' && block.id === id && !block.outcome);
      if (call >= 0) return replaceLast(blocks, call, { ...(blocks[call] as ToolBlock), outcome, phase: 'done' });
      return [...blocks, { kind: 'tool', key, id, name, arguments: null, rawArguments: null, invalid: null, outcome, phase: 'done' }];
    }
    case 'notice':
      return [
        ...(event.payload.notice === 'cancelled' ? endStreaming(blocks, 'cancelled') : blocks),
        { kind: 'notice', key, payload: event.payload },
      ];
    case 'error':
      // Logs written before cancels became notices recorded them as errors: a user cancel is not a provider error.
      if (isUserCancel(event.payload.kind))
        return [...endStreaming(blocks, 'cancelled'), { kind: 'notice', key, payload: { notice: 'cancelled' } }];
      return [...endStreaming(blocks, 'failed'), { kind: 'provider-error', key, payload: event.payload }];
    case 'fallback':
      return [...blocks, { kind: 'fallback', key, payload: event.payload }];
    case 'finish': {
      // A call the user stopped ends `error` in the runtime's words: its turn was cancelled, not failed.
      const cancelled =
        event.payload.finishReason === 'error' &&
        findLastIndex(
          blocks,
          (block) => block.kind === 'notice' && block.payload.notice === 'cancelled',
          (block) => block.kind === 'turn' || block.kind === 'attempt',
        ) >= 0;
      return [
        ...endStreaming(blocks, 'finished'),
        { kind: 'finish', key, finishReason: cancelled ? 'cancelled' : event.payload.finishReason },
      ];
    }
    case 'usage':
    case 'turn-summary':
    case 'run-updated':
      // The run's rows: the header and the per-turn strips (lib/runs/run-view-reducer.ts), not the transcript.
      return blocks;
  }
}

export function transcriptReducer(state: TranscriptState, event: TranscriptEvent): TranscriptState {
  if (!Number.isInteger(event.seq) || event.seq <= state.lastSeq) return state;
  const key = String(event.seq);
  const read = readRunEvent(event);
  const gaps = state.gaps + (event.seq > state.lastSeq + 1 ? 1 : 0);
  if (!read.ok) {
    const block: TranscriptBlock = { kind: 'unreadable', key, type: event.type, payload: event.payload, problem: read.problem };
    return { ...state, lastSeq: event.seq, blocks: [...state.blocks, block], gaps, unreadable: state.unreadable + 1 };
  }
  const body = read.body;
  return {
    lastSeq: event.seq,
    blocks: applyBlocks(state.blocks, body, key),
    status: body.type === 'status' ? body.payload.status : state.status,
    turnIndex: body.type === 'turn-start' ? body.payload.index : state.turnIndex,
    gaps,
    unreadable: state.unreadable,
  };
}

/** Replays events in seq order (the same reducer the live view uses). */
export function replayTranscript(events: readonly TranscriptEvent[], from: TranscriptState = initialTranscript): TranscriptState {
  return [...events].sort((a, b) => a.seq - b.seq).reduce(transcriptReducer, from);
}

/** All assistant text of the transcript, in order. */
export function transcriptText(state: TranscriptState): string {
  return state.blocks.map((block) => (block.kind === 'text' ? block.text : '')).join('');
}
