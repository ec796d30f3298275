import { CANCELLED_NOTICE, describeCallError, isUserCancel } from './call-error-text';

/**
 * Builds the transcript of a run from its RunEvents (lib/store/README.md). Pure: the live view
 * (events arriving over SSE) and a replay (events loaded at once) run exactly this code, so a reload
 * mid-run shows what the live view showed. Events at or below `lastSeq` are ignored, so a
 * re-delivered event never duplicates text.
 *
 * Streaming blocks end with their call: text and reasoning are `streaming` until the call finishes,
 * and `cut` when it ended otherwise (an error, a cancel, the run stopping); a tool call is
 * `arguments` while its arguments stream, `running` once they are complete, and `not-run` when the
 * turn or run ended without its result.
 */

export type RunEventRecord = { seq: number; type: string; payload: unknown; createdAt?: string };

export type ValidationError = { path: string; message: string };

export type ToolOutcome = { ok: boolean; result: unknown; errors: ValidationError[] };

/** Why output stopped before its call finished: the call failed, the user cancelled, or the run stopped (interrupted, next turn). */
export type CutReason = 'failed' | 'cancelled' | 'stopped';

/** `arguments`: still streaming · `running`: complete, its result pending · `done`: its result arrived · `not-run`: ended without one. */
export type ToolPhase = 'arguments' | 'running' | 'done' | 'not-run';

export type TranscriptBlock =
  | { kind: 'turn'; key: string; index: number; turnId: string | null; profile: string; model: string; fallback: boolean }
  | { kind: 'status'; key: string; status: string; message: string | null; errorKind: string | null; resumed: boolean; workerId: string | null }
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
  | { kind: 'notice'; key: string; notice: string; message: string; details: Record<string, unknown> }
  | { kind: 'provider-error'; key: string; message: string; errorKind: string; status: number | null; hint: string }
  | { kind: 'fallback'; key: string; from: string; to: string; errorKind: string; message: string }
  | { kind: 'finish'; key: string; finishReason: string };

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
};

export const initialTranscript: TranscriptState = { lastSeq: -1, blocks: [], status: null, turnIndex: null, gaps: 0 };

type Payload = Record<string, unknown>;

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : value === null || value === undefined ? fallback : String(value));
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const obj = (value: unknown): Payload => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Payload) : {});

/** `result.errors` of a tool result: `[{ path, message }]` (path as an array or a string). */
export function validationErrorsOf(result: unknown): ValidationError[] {
  const errors = obj(result).errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((entry) => {
    const error = obj(entry);
    const path = Array.isArray(error.path) ? error.path.map(String).join('.') : str(error.path);
    return { path: path || '(arguments)', message: str(error.message, 'invalid') };
  });
}

function replaceLast(blocks: TranscriptBlock[], index: number, block: TranscriptBlock): TranscriptBlock[] {
  const next = blocks.slice();
  next[index] = block;
  return next;
}

function findLastIndex(blocks: TranscriptBlock[], test: (block: TranscriptBlock) => boolean, stopAt?: (block: TranscriptBlock) => boolean): number {
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

function applyBlocks(blocks: TranscriptBlock[], event: RunEventRecord, payload: Payload): TranscriptBlock[] {
  const key = String(event.seq);
  switch (event.type) {
    case 'turn-start':
      return [
        ...endStreaming(blocks, 'stopped'),
        {
          kind: 'turn',
          key,
          index: num(payload.index) ?? 0,
          turnId: typeof payload.turnId === 'string' ? payload.turnId : null,
          profile: str(payload.profile),
          model: str(payload.model),
          fallback: payload.fallback === true,
        },
      ];
    case 'status':
      return [
        ...(str(payload.status) === 'running' ? blocks : endStreaming(blocks, statusCut(str(payload.status)))),
        {
          kind: 'status',
          key,
          status: str(payload.status, 'unknown'),
          message: typeof payload.message === 'string' ? payload.message : null,
          errorKind: typeof payload.errorKind === 'string' ? payload.errorKind : null,
          resumed: payload.resumed === true,
          workerId: typeof payload.workerId === 'string' ? payload.workerId : null,
        },
      ];
    case 'attempt':
      // A new attempt means the previous one ended without finishing.
      return [...endStreaming(blocks, 'failed'), { kind: 'attempt', key, attempt: num(payload.attempt) ?? 1, streamed: payload.streamed !== false }];
    case 'text-delta': {
      const text = str(payload.text);
      const last = blocks.at(-1);
      if (last?.kind === 'text' && last.streaming) return replaceLast(blocks, blocks.length - 1, { ...last, text: last.text + text });
      return [...blocks, { kind: 'text', key, text, streaming: true, cut: null }];
    }
    case 'reasoning-delta': {
      const text = str(payload.text);
      const last = blocks.at(-1);
      if (last?.kind === 'reasoning' && !last.complete && last.streaming) return replaceLast(blocks, blocks.length - 1, { ...last, text: last.text + text });
      return [...blocks, { kind: 'reasoning', key, text, complete: false, streaming: true, cut: null, encryptedBytes: 0, signatureBytes: 0, redacted: false }];
    }
    case 'reasoning': {
      const complete = {
        complete: true,
        streaming: false,
        cut: null,
        encryptedBytes: num(payload.encryptedBytes) ?? 0,
        signatureBytes: num(payload.signatureBytes) ?? 0,
        redacted: payload.redacted === true,
      };
      // The complete part closes the reasoning that streamed in this turn, if any.
      const open = findLastIndex(blocks, (block) => block.kind === 'reasoning' && !block.complete, (block) => block.kind === 'turn');
      if (open >= 0) {
        const streamed = blocks[open] as Extract<TranscriptBlock, { kind: 'reasoning' }>;
        return replaceLast(blocks, open, { ...streamed, ...complete, text: typeof payload.text === 'string' && payload.text ? payload.text : streamed.text });
      }
      return [...blocks, { kind: 'reasoning', key, text: str(payload.text), ...complete }];
    }
    case 'tool-call-start': {
      // The model began a tool call; its arguments stream (their fragments are not kept).
      const id = str(payload.id);
      if (id && findLastIndex(blocks, (block) => block.kind === 'tool' && block.id === id, (block) => block.kind === 'turn') >= 0) return blocks;
      return [...blocks, { kind: 'tool', key, id, name: str(payload.name, 'tool'), arguments: null, rawArguments: null, invalid: null, outcome: null, phase: 'arguments' }];
    }
    case 'tool-call': {
      const id = str(payload.id);
      const complete = {
        id,
        name: str(payload.name, 'tool'),
        arguments: payload.arguments ?? null,
        rawArguments: typeof payload.rawArguments === 'string' ? payload.rawArguments : null,
        invalid: payload.invalid === undefined || payload.invalid === null ? null : str(payload.invalid),
      };
      // The card its arguments streamed into: the same id, else the first one of this turn that had no id yet.
      const streamed = (test: (block: ToolBlock) => boolean) => findFirstInTurn(blocks, (block) => block.kind === 'tool' && block.phase === 'arguments' && test(block));
      const open = id ? streamed((block) => block.id === id) : -1;
      const target = open >= 0 ? open : streamed((block) => block.id === '');
      if (target >= 0) return replaceLast(blocks, target, { ...(blocks[target] as ToolBlock), ...complete, phase: complete.invalid === null ? 'running' : 'not-run' });
      return [...blocks, { kind: 'tool', key, ...complete, outcome: null, phase: complete.invalid === null ? 'running' : 'not-run' }];
    }
    case 'tool-result': {
      const outcome: ToolOutcome = { ok: payload.ok === true, result: payload.result ?? null, errors: validationErrorsOf(payload.result) };
      const id = str(payload.id);
      const call = findLastIndex(blocks, (block) => block.kind === 'tool' && block.id === id && !block.outcome);
      if (call >= 0) return replaceLast(blocks, call, { ...(blocks[call] as ToolBlock), outcome, phase: 'done' });
      return [...blocks, { kind: 'tool', key, id, name: str(payload.name, 'tool'), arguments: null, rawArguments: null, invalid: null, outcome, phase: 'done' }];
    }
    case 'notice': {
      const notice = str(payload.notice, 'notice');
      const block: TranscriptBlock = { kind: 'notice', key, notice, message: str(payload.message), details: obj(payload.details) };
      return [...(notice === 'cancelled' ? endStreaming(blocks, 'cancelled') : blocks), block];
    }
    case 'error': {
      const errorKind = str(payload.kind);
      // Logs written before cancels became notices recorded them as errors: a user cancel is not a provider error.
      if (isUserCancel(errorKind)) return [...endStreaming(blocks, 'cancelled'), { kind: 'notice', key, notice: 'cancelled', message: CANCELLED_NOTICE, details: {} }];
      const cut = endStreaming(blocks, 'failed');
      const status = num(payload.status);
      const hint = str(payload.hint);
      return [...cut, { kind: 'provider-error', key, message: `[provider-error] ${describeCallError(errorKind, status)}${hint ? ` ${hint}` : ''}`, errorKind, status, hint }];
    }
    case 'fallback':
      return [
        ...blocks,
        {
          kind: 'fallback',
          key,
          from: str(payload.from),
          to: str(payload.to),
          errorKind: str(payload.kind),
          message: str(payload.message) || `[fallback] ${str(payload.from)} failed (${str(payload.kind)}); switching to ${str(payload.to)}`,
        },
      ];
    case 'finish':
      return [...endStreaming(blocks, 'finished'), { kind: 'finish', key, finishReason: str(payload.finishReason, 'unknown') }];
    default:
      // `usage` (the per-turn strip reads ProviderCall rows) and types this version does not know.
      return blocks;
  }
}

export function transcriptReducer(state: TranscriptState, event: RunEventRecord): TranscriptState {
  if (!Number.isInteger(event.seq) || event.seq <= state.lastSeq) return state;
  const payload = obj(event.payload);
  return {
    lastSeq: event.seq,
    blocks: applyBlocks(state.blocks, event, payload),
    status: event.type === 'status' ? str(payload.status, state.status ?? 'unknown') : state.status,
    turnIndex: event.type === 'turn-start' ? (num(payload.index) ?? state.turnIndex) : state.turnIndex,
    gaps: state.gaps + (event.seq > state.lastSeq + 1 ? 1 : 0),
  };
}

/** Replays events in seq order (the same reducer the live view uses). */
export function replayTranscript(events: readonly RunEventRecord[], from: TranscriptState = initialTranscript): TranscriptState {
  return [...events].sort((a, b) => a.seq - b.seq).reduce(transcriptReducer, from);
}

/** All assistant text of the transcript, in order. */
export function transcriptText(state: TranscriptState): string {
  return state.blocks.map((block) => (block.kind === 'text' ? block.text : '')).join('');
}
