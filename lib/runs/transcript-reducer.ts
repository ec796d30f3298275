/**
 * Builds the transcript of a run from its RunEvents (lib/store/README.md). Pure: the live view
 * (events arriving over SSE) and a replay (events loaded at once) run exactly this code, so a reload
 * mid-run shows what the live view showed. Events at or below `lastSeq` are ignored, so a
 * re-delivered event never duplicates text.
 */

export type RunEventRecord = { seq: number; type: string; payload: unknown; createdAt?: string };

export type ValidationError = { path: string; message: string };

export type ToolOutcome = { ok: boolean; result: unknown; errors: ValidationError[] };

export type TranscriptBlock =
  | { kind: 'turn'; key: string; index: number; turnId: string | null; profile: string; model: string; fallback: boolean }
  | { kind: 'status'; key: string; status: string; message: string | null; errorKind: string | null; resumed: boolean; workerId: string | null }
  | { kind: 'attempt'; key: string; attempt: number; streamed: boolean }
  | { kind: 'text'; key: string; text: string }
  | { kind: 'reasoning'; key: string; text: string; complete: boolean; encryptedBytes: number; signatureBytes: number; redacted: boolean }
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

function applyBlocks(blocks: TranscriptBlock[], event: RunEventRecord, payload: Payload): TranscriptBlock[] {
  const key = String(event.seq);
  switch (event.type) {
    case 'turn-start':
      return [
        ...blocks,
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
        ...blocks,
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
      return [...blocks, { kind: 'attempt', key, attempt: num(payload.attempt) ?? 1, streamed: payload.streamed !== false }];
    case 'text-delta': {
      const text = str(payload.text);
      const last = blocks.at(-1);
      if (last?.kind === 'text') return replaceLast(blocks, blocks.length - 1, { ...last, text: last.text + text });
      return [...blocks, { kind: 'text', key, text }];
    }
    case 'reasoning-delta': {
      const text = str(payload.text);
      const last = blocks.at(-1);
      if (last?.kind === 'reasoning' && !last.complete) return replaceLast(blocks, blocks.length - 1, { ...last, text: last.text + text });
      return [...blocks, { kind: 'reasoning', key, text, complete: false, encryptedBytes: 0, signatureBytes: 0, redacted: false }];
    }
    case 'reasoning': {
      const complete = {
        complete: true,
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
    case 'tool-call':
      return [
        ...blocks,
        {
          kind: 'tool',
          key,
          id: str(payload.id),
          name: str(payload.name, 'tool'),
          arguments: payload.arguments ?? null,
          rawArguments: typeof payload.rawArguments === 'string' ? payload.rawArguments : null,
          invalid: payload.invalid === undefined || payload.invalid === null ? null : str(payload.invalid),
          outcome: null,
        },
      ];
    case 'tool-result': {
      const outcome: ToolOutcome = { ok: payload.ok === true, result: payload.result ?? null, errors: validationErrorsOf(payload.result) };
      const id = str(payload.id);
      const call = findLastIndex(blocks, (block) => block.kind === 'tool' && block.id === id && !block.outcome);
      if (call >= 0) return replaceLast(blocks, call, { ...(blocks[call] as Extract<TranscriptBlock, { kind: 'tool' }>), outcome });
      return [...blocks, { kind: 'tool', key, id, name: str(payload.name, 'tool'), arguments: null, rawArguments: null, invalid: null, outcome }];
    }
    case 'notice':
      return [...blocks, { kind: 'notice', key, notice: str(payload.notice, 'notice'), message: str(payload.message), details: obj(payload.details) }];
    case 'error':
      return [
        ...blocks,
        {
          kind: 'provider-error',
          key,
          message: str(payload.message) || `[provider-error] ${str(payload.kind)} ${str(payload.status, '-')} ${str(payload.hint)}`,
          errorKind: str(payload.kind),
          status: num(payload.status),
          hint: str(payload.hint),
        },
      ];
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
      return [...blocks, { kind: 'finish', key, finishReason: str(payload.finishReason, 'unknown') }];
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
