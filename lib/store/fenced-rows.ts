import type {
  ErrorArtifact,
  Message,
  Prisma,
  ProviderCall,
  RateLimitSample,
  ReasoningTrace,
  RunStatus,
  ToolCall,
  Turn,
  TurnStatus,
} from './generated/prisma/client';

// What one fenced write writes (fenced-statements.ts writes it): the change of the run's row and the
// rows of each table, with the columns each row gives.

/** What a write changes in the run's row: `add` to its counters and money (a null cost becomes the first amount added), `set` the rest. */
export type RunChange = {
  add?: {
    turnCount?: number;
    inputTokens?: number;
    outputTokens?: number;
    errorCount?: number;
    costUsd?: Prisma.Decimal;
    providerCostUsd?: Prisma.Decimal;
  };
  set?: {
    providerState?: object;
    replayDivergence?: object;
    status?: RunStatus;
    finishedAt?: Date;
    errorKind?: string;
    errorMessage?: string;
  };
};

/**
 * The columns each write gives a row, by table (the run's id is the statement's; what is not given
 * takes its default: createdAt, recordedAt, a new turn's status).
 */
export const COLUMNS = {
  Turn: ['id', 'index', 'startedAt'],
  Message: ['id', 'turnId', 'position', 'role', 'content'],
  ProviderCall: [
    'id',
    'turnId',
    'attempt',
    'runtime',
    'provider',
    'profileName',
    'modelRequested',
    'modelServed',
    'streamRequested',
    'streamActual',
    'streamStarted',
    'fallbackReason',
    'status',
    'errorKind',
    'httpStatus',
    'requestId',
    'responseId',
    'finishReason',
    'waitBeforeMs',
    'retryAfterMs',
    'startedAt',
    'firstTokenAt',
    'endedAt',
    'latencyMs',
    'ttftMs',
    'outputTokensPerSec',
    'interChunkGapP95Ms',
    'inputTokens',
    'inputNoCacheTokens',
    'cacheReadTokens',
    'cacheWriteTokens',
    'outputTokens',
    'reasoningTokens',
    'costUsd',
    'providerCostUsd',
    'rateLimit',
    'cause',
    'causeKind',
    'chainState',
  ],
  RateLimitSample: [
    'id',
    'account',
    'runtime',
    'provider',
    'model',
    'dimension',
    'limit',
    'remaining',
    'resetAt',
    'observedAt',
    'httpStatus',
  ],
  ReasoningTrace: ['id', 'turnId', 'provider', 'itemId', 'summary', 'encrypted', 'signature', 'redacted'],
  ToolCall: [
    'id',
    'turnId',
    'providerCallId',
    'name',
    'rawArguments',
    'arguments',
    'validationErrors',
    'result',
    'isError',
    'replayed',
    'durationMs',
    'startedAt',
    'finishedAt',
  ],
  ErrorArtifact: ['id', 'turnId', 'turnIndex', 'kind', 'httpStatus', 'payload', 'createdAt'],
} as const satisfies {
  Turn: readonly (keyof Turn)[];
  Message: readonly (keyof Message)[];
  ProviderCall: readonly (keyof ProviderCall)[];
  RateLimitSample: readonly (keyof RateLimitSample)[];
  ReasoningTrace: readonly (keyof ReasoningTrace)[];
  ToolCall: readonly (keyof ToolCall)[];
  ErrorArtifact: readonly (keyof ErrorArtifact)[];
};

export type Table = keyof typeof COLUMNS;
/** A row as a write gives it: a value for each of its table's columns (JSON columns as plain values, money as Decimal). */
type RowOf<T extends Table> = { [K in (typeof COLUMNS)[T][number]]: unknown };

export type NewTurnRow = { id: string; index: number; startedAt: Date };
/** `onlyIfRunning`: the turn ends only if nothing ended it before (a failure of our own, at the run's end). */
export type TurnEndRow = { id: string; status: TurnStatus; finishReason: string; finishedAt: Date; onlyIfRunning: boolean };
/** A message after the run's last: `position` counts from 0 after it. */
export type MessageRow = RowOf<'Message'> & { id: string; position: number };
export type ProviderCallRow = RowOf<'ProviderCall'> & Omit<ProviderCall, 'recordedAt'>;
export type ErrorArtifactRow = RowOf<'ErrorArtifact'> & ErrorArtifact;

/** The rows of one fenced write. */
export type FencedRows = {
  run?: RunChange;
  newTurn?: NewTurnRow;
  turnEnd?: TurnEndRow;
  messages?: MessageRow[];
  providerCalls?: ProviderCallRow[];
  rateLimitSamples?: RowOf<'RateLimitSample'>[];
  reasoningTraces?: RowOf<'ReasoningTrace'>[];
  toolCalls?: RowOf<'ToolCall'>[];
  errorArtifacts?: ErrorArtifactRow[];
};

/** A JSON column's value as it reads back (undefined fields gone, dates as strings). */
export function storedJson<T>(value: T): Prisma.JsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.JsonValue;
}
