import { z } from 'zod';

/**
 * The run log's events, each type with the schema of its payload: what the conductor, the sweeper
 * and the console write (`RunEventInput`, checked by TypeScript at `RunEventWriter.append`) and what
 * the SSE route, the page and the CLI read (`readRunEvent`). Events carry data; the words a person
 * reads are made from it by `event-text.ts`. Client-safe.
 */

/** Run statuses as the database knows them (prisma/schema.prisma `RunStatus`). */
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const count = z.number().int().nonnegative();
const httpStatus = z.number().int().nullable();

/** A worker took the run (`running`; `resumed` when it continues a resumed run), or the run ended. */
const statusPayload = z.object({
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']),
  workerId: z.string().optional(),
  resumed: z.boolean().optional(),
  errorKind: z.string().optional(),
  /** The run's error message (`Run.errorMessage`) when it failed or was interrupted. */
  message: z.string().optional(),
});

/** A profile's call of the turn begins (again for each fallback profile tried in the turn). */
const turnStartPayload = z.object({ index: count, turnId: z.string(), profile: z.string(), model: z.string(), fallback: z.boolean() });

const attemptPayload = z.object({ attempt: z.number().int().positive(), streamed: z.boolean() });

/** Streamed text (adjacent deltas are merged into one row). */
const deltaPayload = z.object({ text: z.string() });

/** A complete reasoning part; opaque content is never in events, only its size. */
const reasoningPayload = z.object({ text: z.string().nullable(), encryptedBytes: count, signatureBytes: count, redacted: z.boolean() });

/** The model began a tool call (its position in the reply); `id` / `name` are null when the wire names the call only once complete. */
const toolCallStartPayload = z.object({ index: count, id: z.string().nullable(), name: z.string().nullable() });

/** A complete tool call, or one whose arguments were not JSON (`invalid`: why; never run). */
const toolCallPayload = z.union([
  z.object({ id: z.string(), name: z.string(), rawArguments: z.string(), invalid: z.string() }),
  z.object({ id: z.string(), name: z.string(), arguments: z.unknown() }),
]);

/** `result.errors` = `[{ path, message }]` for invalid arguments. */
const toolResultPayload = z.object({
  id: z.string(),
  name: z.string(),
  ok: z.boolean(),
  result: z.unknown(),
  /** A replay served this result from the recording: the tool did not run. */
  replayed: z.boolean().optional(),
});

/** A tool call as a replay compares it: its name and parsed arguments. */
const replayCallSchema = z.object({ name: z.string(), arguments: z.unknown() });

/** Where a replay's model first asked for something else than the recording holds. */
export const replayDivergenceSchema = z.object({
  turnIndex: count,
  /** The position of the call within the turn; the count of recorded calls when the model asked for fewer (or answered). */
  callIndex: count,
  /** What the recording holds there: null when the recorded turn ended with an answer (or the recording ended). */
  expected: replayCallSchema.nullable(),
  /** What the model asked for: null when it answered instead of calling a tool. */
  asked: replayCallSchema.nullable(),
  /** `stopped`: the replay ended there; `continued`: real tools ran from there on. */
  action: z.enum(['stopped', 'continued']),
});
export type ReplayDivergence = z.infer<typeof replayDivergenceSchema>;

/** What a tool result says of arguments that did not validate (path as an array or a dotted string). */
const toolValidationErrorsSchema = z.object({
  errors: z.array(
    z.object({ path: z.union([z.array(z.union([z.string(), z.number()])), z.string()]).catch(''), message: z.string().catch('') }),
  ),
});

/** The validation errors of a tool result (`[]` when it has none, or none that read). */
export function toolValidationErrors(result: unknown): z.output<typeof toolValidationErrorsSchema>['errors'] {
  const parsed = toolValidationErrorsSchema.safeParse(result);
  return parsed.success ? parsed.data.errors : [];
}

/** Notices: what happened, as data (`event-text.ts` says it in words). */
const noticePayload = z.discriminatedUnion('notice', [
  /** The provider refused to stream: the call goes on without streaming. */
  z.object({ notice: z.literal('streaming-disabled'), reason: z.string(), status: httpStatus, requestId: z.string().nullable() }),
  /** An attempt failed; the next one starts after `delayMs`. */
  z.object({
    notice: z.literal('retrying'),
    kind: z.string(),
    status: httpStatus,
    attempt: z.number().int().positive(),
    nextAttempt: z.number().int().positive(),
    delayMs: z.number().nonnegative(),
    retryAfterMs: z.number().nullable(),
  }),
  /** Settings of the profile this runtime does not accept: not sent. */
  z.object({ notice: z.literal('settings-ignored'), runtime: z.string(), settings: z.array(z.string()) }),
  /** Thinking is off for this call: the previous tool-use turn came from another provider. */
  z.object({ notice: z.literal('reasoning-dropped'), profile: z.string() }),
  /** The run stopped at its turn limit. */
  z.object({ notice: z.literal('max-turns'), maxTurns: z.number().int().positive() }),
  /** A profile of the fallback chain could not be called here (`reason`: why, e.g. no key). */
  z.object({ notice: z.literal('fallback-skipped'), profile: z.string(), reason: z.string() }),
  /** The user cancelled the call in progress: not an error (its ProviderCall row ends `cancelled`). */
  z.object({ notice: z.literal('cancelled') }),
  /** A fork starts with its parent's conversation through `turnIndex`. */
  z.object({ notice: z.literal('forked'), parentRunId: z.string(), turnIndex: count, messages: count, toolResults: count }),
  /**
   * A fork's carried reasoning: opaque blobs go back only to the runtime and account that issued
   * them; the others are not sent (their summaries stay in the parent's transcript as text).
   */
  z.object({ notice: z.literal('fork-reasoning'), kept: count, dropped: count, droppedFrom: z.array(z.string()) }),
  /** A replay serves the recorded tool results of `parentRunId` while the model asks for the same calls. */
  z.object({ notice: z.literal('replaying'), parentRunId: z.string(), recordedCalls: count, onDivergence: z.enum(['stop', 'continue']) }),
  /** The replay's model asked for other tool calls than the recording holds. */
  replayDivergenceSchema.extend({ notice: z.literal('replay-diverged') }),
]);

/** Notices written before they carried data: a sentence (`[kind] …` or without the prefix). */
const legacyNoticePayload = z.object({ notice: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() });

/** A provider call failed. A 2xx `status` means the response had begun (a stream cut after HTTP 200). */
const errorPayload = z.object({ kind: z.string(), status: httpStatus, hint: z.string(), requestId: z.string().nullable().optional() });

/** The chain moves on to the next profile after `from` failed with `kind`. */
const fallbackPayload = z.object({ from: z.string(), to: z.string(), kind: z.string() });

const tokens = z.number().nullable().optional();
/** The normalized usage of a call (lib/providers `Usage`); a value the provider did not report is null. */
const usagePayload = z.object({
  usage: z.looseObject({
    inputTokens: tokens,
    inputNoCacheTokens: tokens,
    cacheReadTokens: tokens,
    cacheWriteTokens: tokens,
    outputTokens: tokens,
    reasoningTokens: tokens,
    costUsd: tokens,
  }),
});

const finishPayload = z.object({ finishReason: z.string() });

/** An ISO timestamp as JSON carries it. */
const isoTime = z.string();

/** One attempt of a provider call as the run page's strip shows it (a `ProviderCall` row). */
export const providerCallViewSchema = z.object({
  turnIndex: z.number().int(),
  attempt: z.number().int(),
  profileName: z.string(),
  provider: z.string(),
  runtime: z.string(),
  modelRequested: z.string(),
  modelServed: z.string().nullable(),
  streamRequested: z.boolean(),
  streamActual: z.boolean(),
  /** The provider began a stream (HTTP 2xx, an event stream): "not started" when it asked for one and this is false. */
  streamStarted: z.boolean().default(false),
  fallbackReason: z.string().nullable(),
  status: z.enum(['ok', 'error']),
  errorKind: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  requestId: z.string().nullable(),
  finishReason: z.string().nullable(),
  waitBeforeMs: z.number(),
  retryAfterMs: z.number().nullable(),
  startedAt: isoTime,
  latencyMs: z.number().nullable(),
  ttftMs: z.number().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  /** Null: the provider did not report it (never 0 for "not reported"). */
  cacheReadTokens: z.number().nullable(),
  cacheWriteTokens: z.number().nullable(),
  reasoningTokens: z.number().nullable(),
  /** Our estimate; null: the model has no price. */
  costUsd: z.number().nullable(),
  /** What the provider reported the attempt cost (OpenRouter), apart from our estimate. */
  providerCostUsd: z.number().nullable().default(null),
  /** Why the attempt happened (null: the turn's first) and the kind of the failure it answered. */
  cause: z.enum(['retry', 'stream-fallback', 'profile-fallback']).nullable().default(null),
  causeKind: z.string().nullable().default(null),
  /** On a call's first attempt: every profile of the fallback chain as it stood when the call began. */
  chainState: z
    .array(
      z.object({
        profile: z.string(),
        state: z.enum(['ready', 'cooling', 'failed', 'skipped']),
        coolingUntil: isoTime.optional(),
        reason: z.string().optional(),
      }),
    )
    .nullable()
    .default(null),
});

/** An error artifact as people get it (`errors/turn_<n>.json`: redacted, provider errors without a stack). */
export const errorArtifactViewSchema = z.object({
  turnIndex: z.number().int(),
  kind: z.string(),
  httpStatus: z.number().int().nullable(),
  /** The download name: `turn_<n>.json`. */
  file: z.string(),
  payload: z.unknown(),
  createdAt: isoTime,
});

/** A turn's row with its provider calls: the per-turn strip. */
export const turnViewSchema = z.object({
  index: count,
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  finishReason: z.string().nullable(),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  calls: z.array(providerCallViewSchema),
});

/**
 * The turn after a write that changed it (a call recorded, the turn ended, failed or was
 * interrupted), with its error artifacts: what the strip and the artifacts panel show of it.
 */
const turnSummaryPayload = turnViewSchema.extend({ errorArtifacts: z.array(errorArtifactViewSchema) });

/**
 * The run's row after a change, in the same transaction as the change: status, times, turn count,
 * totals and error — what the run page's header shows. Every change of these fields writes one
 * (the worker's claim, turns, calls and end; a queued run cancelled; a resume; the sweeper).
 */
const runUpdatedPayload = z.object({
  status: z.enum(RUN_STATUSES),
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  cancelRequestedAt: isoTime.nullable(),
  turnCount: count,
  inputTokens: z.number(),
  outputTokens: z.number(),
  /** Our estimate over the run's priced attempts; null while none had a price ("no price", never $0). */
  costUsd: z.number().nullable(),
  /** What the providers reported the run's attempts cost (OpenRouter); null when none did. */
  providerCostUsd: z.number().nullable().default(null),
  errorCount: count,
  errorKind: z.string().nullable(),
  errorMessage: z.string().nullable(),
  resumeCount: count,
  /** A replay: where its model first left the recording; null while it has not. */
  replayDivergence: replayDivergenceSchema.nullable().default(null),
});

/** What is written today, by type. */
const PAYLOADS = {
  status: statusPayload,
  'turn-start': turnStartPayload,
  attempt: attemptPayload,
  'text-delta': deltaPayload,
  'reasoning-delta': deltaPayload,
  reasoning: reasoningPayload,
  'tool-call-start': toolCallStartPayload,
  'tool-call': toolCallPayload,
  'tool-result': toolResultPayload,
  notice: noticePayload,
  error: errorPayload,
  fallback: fallbackPayload,
  usage: usagePayload,
  finish: finishPayload,
  'turn-summary': turnSummaryPayload,
  'run-updated': runUpdatedPayload,
} as const;

/**
 * What is read: today's payloads and the older shapes still in databases and bundles. Fields that
 * events no longer carry (the sentence of `error` and `fallback` events) are left out when read.
 */
const READ_PAYLOADS = { ...PAYLOADS, notice: z.union([noticePayload, legacyNoticePayload]) } as const;

type Payloads = Record<string, z.ZodType>;
type EventSchema<P extends Payloads> = { [T in keyof P & string]: z.ZodObject<{ type: z.ZodLiteral<T>; payload: P[T] }> }[keyof P & string];

/** `{ type, payload }` for every type of `payloads`, as one discriminated union. */
function eventUnion<P extends Payloads>(payloads: P) {
  const members = Object.entries(payloads).map(([type, payload]) => z.object({ type: z.literal(type), payload }));
  return z.discriminatedUnion('type', members as unknown as [EventSchema<P>, ...EventSchema<P>[]]);
}

/** What the writers append. */
export const runEventInputSchema = eventUnion(PAYLOADS);
/** What the readers accept (today's events and the older shapes). */
export const runEventBodySchema = eventUnion(READ_PAYLOADS);

/** Every event type, in the order of the table above (the SSE route names its events after them). */
export const RUN_EVENT_TYPES = Object.keys(PAYLOADS) as (keyof typeof PAYLOADS)[];

export type RunEventType = keyof typeof PAYLOADS;
export type RunEventInput = z.input<typeof runEventInputSchema>;
export type RunEventBody = z.output<typeof runEventBodySchema>;
/** A payload of `type` as it is written. */
export type PayloadInput<T extends RunEventType> = Extract<RunEventInput, { type: T }>['payload'];
/** A payload of `type` as it is read. */
export type PayloadOf<T extends RunEventType> = Extract<RunEventBody, { type: T }>['payload'];

export type StatusPayload = PayloadOf<'status'>;
export type NoticePayload = PayloadOf<'notice'>;
export type ErrorPayload = PayloadOf<'error'>;
export type FallbackPayload = PayloadOf<'fallback'>;
export type RunUpdate = PayloadOf<'run-updated'>;

/** The header's fields of a run as the page holds it (the `run-updated` payload of its row). */
export function runUpdateOfSummary(run: RunUpdate & Record<string, unknown>): RunUpdate {
  return runUpdatedPayload.parse(run);
}
export type TurnSummary = PayloadOf<'turn-summary'>;
export type ProviderCallView = z.output<typeof providerCallViewSchema>;
export type ErrorArtifactView = z.output<typeof errorArtifactViewSchema>;
export type TurnView = z.output<typeof turnViewSchema>;

/** An event as the SSE route sends it and the page receives it: the body, its seq, when it happened (ISO). */
export type RunEvent = RunEventBody & { seq: number; createdAt: string };

/** An event as stored or received, not yet read: any type, any payload. */
export type RunEventRecord = { seq: number; type: string; payload: unknown; createdAt: string };
