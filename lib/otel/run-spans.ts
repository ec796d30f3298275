import { createHash } from 'node:crypto';
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type SpanContext, type SpanStatus } from '@opentelemetry/api';
import { hrTimeDuration, millisToHrTime } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { AssistantMessage, Message } from '@/lib/providers/core/types';
import { turnNumber } from '@/lib/run-events/turn-number';
import {
  AGENT_NAME,
  ERROR_TYPE,
  GEN_AI,
  genAiProviderName,
  HTTP_RESPONSE_STATUS_CODE,
  INSTRUMENTATION_SCOPE,
  OPERATION,
  SWITCHBOARD,
} from './attributes';
import { contentAttribute, inputMessagesAttribute, outputMessagesAttribute } from './content';

/** The recorded rows of one run that its trace is built from (see load-run-trace.ts). */
export type RunTraceRows = {
  run: {
    id: string;
    status: string;
    profileName: string;
    provider: string;
    runtime: string;
    model: string;
    profile: unknown;
    options: unknown;
    resumeCount: number;
    errorKind: string | null;
    createdAt: Date;
    startedAt: Date | null;
    finishedAt: Date | null;
  };
  turns: { id: string; index: number; status: string; finishReason: string | null; startedAt: Date; finishedAt: Date | null }[];
  providerCalls: {
    id: string;
    turnId: string;
    attempt: number;
    runtime: string;
    provider: string;
    profileName: string;
    modelRequested: string;
    modelServed: string | null;
    streamRequested: boolean;
    streamActual: boolean;
    fallbackReason: string | null;
    status: string;
    errorKind: string | null;
    httpStatus: number | null;
    requestId: string | null;
    responseId: string | null;
    finishReason: string | null;
    waitBeforeMs: number;
    retryAfterMs: number | null;
    startedAt: Date;
    endedAt: Date | null;
    ttftMs: number | null;
    inputTokens: number;
    cacheReadTokens: number | null;
    cacheWriteTokens: number | null;
    outputTokens: number;
    reasoningTokens: number | null;
    costUsd: number | null;
  }[];
  toolCalls: {
    id: string;
    turnId: string;
    providerCallId: string;
    name: string;
    rawArguments: string;
    arguments: unknown;
    result: unknown;
    isError: boolean;
    startedAt: Date;
    finishedAt: Date | null;
  }[];
  /** Needed only when content is captured. */
  messages: { position: number; role: string; turnId: string | null; content: unknown; createdAt: Date }[];
};

export type RunSpanOptions = {
  resource: Resource;
  /** Message text, tool arguments and results (opt-in); redacted with `env`. */
  captureContent: boolean;
  env: Record<string, string | undefined>;
};

type ProfileSettings = { name: string; temperature?: number; topP?: number; maxOutputTokens?: number };

/** The run id (a UUID) is the trace id, so a run's trace is found by its id. */
export function traceIdOf(runId: string): string {
  const hex = runId.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(hex) && !/^0+$/.test(hex) ? hex : createHash('sha256').update(runId).digest('hex').slice(0, 32);
}

/** Span ids derive from the recorded rows: exporting a run twice gives the same spans. */
export function spanIdOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function profileSettings(value: unknown): ProfileSettings | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  if (typeof record.name !== 'string') return null;
  const number = (key: string) => (typeof record[key] === 'number' ? { [key]: record[key] as number } : {});
  return { name: record.name, ...number('temperature'), ...number('topP'), ...number('maxOutputTokens') };
}

/** The run's profile and its fallback profiles, as snapshotted with the run. */
function profilesOf(run: RunTraceRows['run']): Map<string, ProfileSettings> {
  const fallbacks = (run.options as { fallbackProfiles?: unknown[] } | null)?.fallbackProfiles ?? [];
  const profiles = [run.profile, ...(Array.isArray(fallbacks) ? fallbacks : [])]
    .map(profileSettings)
    .filter((profile): profile is ProfileSettings => !!profile);
  return new Map(profiles.map((profile) => [profile.name, profile]));
}

function toolErrorType(result: unknown): string {
  const record = (result ?? {}) as { error?: { code?: unknown }; errors?: unknown };
  if (typeof record.error?.code === 'string') return record.error.code;
  if (Array.isArray(record.errors)) return 'invalid_arguments';
  return 'tool_error';
}

type AttributeEntries = Record<string, string | number | boolean | string[] | null | undefined>;

/** Undefined and null values are left out (an attribute is either known or absent). */
function attributes(entries: AttributeEntries): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(entries)) if (value !== null && value !== undefined) out[key] = value;
  return out;
}

type SpanInput = {
  name: string;
  kind: SpanKind;
  spanId: string;
  parent: SpanContext | undefined;
  start: Date;
  end: Date;
  attributes: Attributes;
  status: SpanStatus;
};

function readableSpan(traceId: string, input: SpanInput, resource: Resource): ReadableSpan {
  const context: SpanContext = { traceId, spanId: input.spanId, traceFlags: TraceFlags.SAMPLED };
  const startTime = millisToHrTime(input.start.getTime());
  const endTime = millisToHrTime(Math.max(input.end.getTime(), input.start.getTime()));
  return {
    name: input.name,
    kind: input.kind,
    spanContext: () => context,
    parentSpanContext: input.parent,
    startTime,
    endTime,
    status: input.status,
    attributes: input.attributes,
    links: [],
    events: [],
    duration: hrTimeDuration(startTime, endTime),
    ended: true,
    resource,
    instrumentationScope: INSTRUMENTATION_SCOPE,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

const OK: SpanStatus = { code: SpanStatusCode.UNSET };
const failed = (kind: string): SpanStatus => ({ code: SpanStatusCode.ERROR, message: kind });

/** The operations under a turn: a `chat` span per provider-call attempt, an `execute_tool` span per tool call. */
const TURN_OPERATIONS = {
  chat: { name: OPERATION.chat, kind: SpanKind.CLIENT, idPrefix: 'call' },
  executeTool: { name: OPERATION.executeTool, kind: SpanKind.INTERNAL, idPrefix: 'tool' },
} as const;

type TurnOperation = (typeof TURN_OPERATIONS)[keyof typeof TURN_OPERATIONS];

/** What the spans under one turn share: the trace, the resource, the run's attributes, the turn's span. */
type TurnScope = { traceId: string; resource: Resource; common: AttributeEntries; parent: SpanContext };

/**
 * The span of one recorded row under a turn: named `<operation> <target>`, its id derived from the
 * row's, ended when the row ended (when it started, if it never did), failed when it has an error type.
 */
function operationSpan(
  scope: TurnScope,
  operation: TurnOperation,
  row: { id: string; startedAt: Date },
  end: Date | null,
  target: string,
  errorType: string | null,
  entries: AttributeEntries,
): ReadableSpan {
  return readableSpan(
    scope.traceId,
    {
      name: `${operation.name} ${target}`,
      kind: operation.kind,
      spanId: spanIdOf(`${operation.idPrefix}:${row.id}`),
      parent: scope.parent,
      start: row.startedAt,
      end: end ?? row.startedAt,
      status: errorType ? failed(errorType) : OK,
      attributes: attributes({ ...scope.common, [GEN_AI.operationName]: operation.name, ...entries }),
    },
    scope.resource,
  );
}

/**
 * The turns this execution of the run made. A resumed run keeps its earlier turns; they were
 * exported when that earlier execution ended (they finished before the run was claimed again).
 */
function turnsOfThisExecution(rows: RunTraceRows): RunTraceRows['turns'] {
  const claimedAt = rows.run.startedAt;
  if (!claimedAt) return rows.turns;
  return rows.turns.filter((turn) => !turn.finishedAt || turn.finishedAt.getTime() >= claimedAt.getTime());
}

/** The messages the model was sent in a turn: those recorded before it, without later turns' own. */
function inputOfTurn(rows: RunTraceRows, turn: RunTraceRows['turns'][number]): Message[] {
  const later = new Set(rows.turns.filter((other) => other.index >= turn.index).map((other) => other.id));
  const firstLater = Math.min(
    ...rows.messages.filter((message) => message.turnId && later.has(message.turnId)).map((message) => message.position),
  );
  return rows.messages
    .filter((message) => message.position < firstLater && message.createdAt.getTime() <= turn.startedAt.getTime())
    .sort((a, b) => a.position - b.position)
    .map((message) => message.content as Message);
}

function outputOfTurn(rows: RunTraceRows, turnId: string): AssistantMessage | null {
  const message = rows.messages.find((candidate) => candidate.turnId === turnId && candidate.role === 'assistant');
  return message ? (message.content as AssistantMessage) : null;
}

/**
 * The spans of one run, built from its recorded rows with their recorded timestamps:
 * `invoke_agent` (the run) → one span per turn → a `chat` span per provider-call attempt and an
 * `execute_tool` span per tool call.
 */
export function runSpans(rows: RunTraceRows, options: RunSpanOptions): ReadableSpan[] {
  const { run } = rows;
  const traceId = traceIdOf(run.id);
  const profiles = profilesOf(run);
  const turns = turnsOfThisExecution(rows).sort((a, b) => a.index - b.index);
  const turnIds = new Set(turns.map((turn) => turn.id));
  const calls = rows.providerCalls
    .filter((call) => turnIds.has(call.turnId))
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.attempt - b.attempt);
  const tools = rows.toolCalls.filter((call) => turnIds.has(call.turnId)).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const spans: ReadableSpan[] = [];
  const common = { [SWITCHBOARD.runId]: run.id, [GEN_AI.conversationId]: run.id };

  const runStart = run.startedAt ?? run.createdAt;
  const lastEnd = Math.max(
    runStart.getTime(),
    ...turns.map((turn) => (turn.finishedAt ?? turn.startedAt).getTime()),
    ...calls.map((call) => (call.endedAt ?? call.startedAt).getTime()),
    ...tools.map((tool) => (tool.finishedAt ?? tool.startedAt).getTime()),
  );
  const runEnd = run.finishedAt ?? new Date(lastEnd);
  const runErrorType = run.status === 'succeeded' ? null : (run.errorKind ?? run.status);
  const runContext: SpanContext = { traceId, spanId: spanIdOf(`run:${run.id}:${run.resumeCount}`), traceFlags: TraceFlags.SAMPLED };
  spans.push(
    readableSpan(
      traceId,
      {
        name: `${OPERATION.invokeAgent} ${AGENT_NAME}`,
        kind: SpanKind.INTERNAL,
        spanId: runContext.spanId,
        parent: undefined,
        start: runStart,
        end: runEnd,
        status: runErrorType ? failed(runErrorType) : OK,
        attributes: attributes({
          ...common,
          [GEN_AI.operationName]: OPERATION.invokeAgent,
          [GEN_AI.agentName]: AGENT_NAME,
          [GEN_AI.providerName]: genAiProviderName(run.provider),
          [GEN_AI.requestModel]: run.model,
          [GEN_AI.usageInputTokens]: calls.reduce((sum, call) => sum + call.inputTokens, 0),
          [GEN_AI.usageOutputTokens]: calls.reduce((sum, call) => sum + call.outputTokens, 0),
          [ERROR_TYPE]: runErrorType,
          [SWITCHBOARD.runStatus]: run.status,
          [SWITCHBOARD.runResumeCount]: run.resumeCount,
          [SWITCHBOARD.profile]: run.profileName,
          [SWITCHBOARD.runtime]: run.runtime,
          [SWITCHBOARD.turns]: turns.length,
          [SWITCHBOARD.retries]: calls.filter((call) => call.attempt > 1).length,
          [SWITCHBOARD.costUsd]: calls.some((call) => call.costUsd !== null)
            ? calls.reduce((sum, call) => sum + (call.costUsd ?? 0), 0)
            : null,
        }),
      },
      options.resource,
    ),
  );

  for (const turn of turns) {
    const turnCalls = calls.filter((call) => call.turnId === turn.id);
    const turnTools = tools.filter((tool) => tool.turnId === turn.id);
    const turnContext: SpanContext = { traceId, spanId: spanIdOf(`turn:${turn.id}`), traceFlags: TraceFlags.SAMPLED };
    const turnEnd =
      turn.finishedAt ??
      new Date(Math.max(turn.startedAt.getTime(), ...turnCalls.map((call) => (call.endedAt ?? call.startedAt).getTime())));
    // A turn still `running` in a run that ended was cut short by the run's end (an internal error).
    const cutShort = turn.status === 'running' && !!run.finishedAt;
    const turnFailed = turn.status === 'failed' || turn.status === 'cancelled' || cutShort;
    const turnErrorType = !turnFailed
      ? null
      : cutShort
        ? (runErrorType ?? 'interrupted')
        : turn.finishReason === 'interrupted'
          ? 'interrupted'
          : (turnCalls.at(-1)?.errorKind ?? turn.status);
    spans.push(
      readableSpan(
        traceId,
        {
          name: `turn ${turnNumber(turn.index)}`,
          kind: SpanKind.INTERNAL,
          spanId: turnContext.spanId,
          parent: runContext,
          start: turn.startedAt,
          end: turnEnd,
          status: turnErrorType ? failed(turnErrorType) : OK,
          attributes: attributes({
            ...common,
            [SWITCHBOARD.turnIndex]: turn.index,
            [SWITCHBOARD.turnStatus]: turn.status,
            [SWITCHBOARD.turnFinishReason]: turn.finishReason,
            [SWITCHBOARD.retries]: turnCalls.filter((call) => call.attempt > 1).length,
            [ERROR_TYPE]: turnErrorType,
          }),
        },
        options.resource,
      ),
    );

    const scope: TurnScope = { traceId, resource: options.resource, common, parent: turnContext };
    const input = options.captureContent ? inputOfTurn(rows, turn) : [];
    const output = options.captureContent ? outputOfTurn(rows, turn.id) : null;
    const answeringCall = turnCalls.filter((call) => call.status === 'ok').at(-1);
    for (const call of turnCalls) {
      const profile = profiles.get(call.profileName);
      const ok = call.status === 'ok';
      const errorType = ok ? null : (call.errorKind ?? '_OTHER');
      const usage = (value: number | null) => (value !== null && (ok || value > 0) ? value : null);
      spans.push(
        operationSpan(scope, TURN_OPERATIONS.chat, call, call.endedAt, call.modelRequested, errorType, {
          [GEN_AI.providerName]: genAiProviderName(call.provider),
          [GEN_AI.requestModel]: call.modelRequested,
          [GEN_AI.requestTemperature]: profile?.temperature,
          [GEN_AI.requestTopP]: profile?.topP,
          [GEN_AI.requestMaxTokens]: profile?.maxOutputTokens,
          [GEN_AI.requestStream]: call.streamRequested,
          [GEN_AI.responseModel]: call.modelServed,
          [GEN_AI.responseId]: call.responseId,
          [GEN_AI.responseFinishReasons]: call.finishReason ? [call.finishReason] : null,
          [GEN_AI.responseTimeToFirstChunk]: call.streamActual && call.ttftMs !== null ? call.ttftMs / 1000 : null,
          [GEN_AI.usageInputTokens]: usage(call.inputTokens),
          [GEN_AI.usageOutputTokens]: usage(call.outputTokens),
          [GEN_AI.usageCacheReadInputTokens]: usage(call.cacheReadTokens),
          [GEN_AI.usageCacheCreationInputTokens]: usage(call.cacheWriteTokens),
          [GEN_AI.usageReasoningOutputTokens]: usage(call.reasoningTokens),
          [ERROR_TYPE]: errorType,
          [HTTP_RESPONSE_STATUS_CODE]: call.httpStatus,
          [SWITCHBOARD.turnIndex]: turn.index,
          [SWITCHBOARD.profile]: call.profileName,
          [SWITCHBOARD.profileFallback]: call.profileName !== run.profileName,
          [SWITCHBOARD.runtime]: call.runtime,
          [SWITCHBOARD.attempt]: call.attempt,
          [SWITCHBOARD.waitBeforeMs]: call.waitBeforeMs,
          [SWITCHBOARD.retryAfterMs]: call.retryAfterMs,
          [SWITCHBOARD.requestId]: call.requestId,
          [SWITCHBOARD.streamActual]: call.streamActual,
          [SWITCHBOARD.streamFallbackReason]: call.fallbackReason,
          [SWITCHBOARD.costUsd]: call.costUsd,
          ...(options.captureContent
            ? {
                [GEN_AI.inputMessages]: inputMessagesAttribute(input, options.env),
                [GEN_AI.outputMessages]:
                  output && call === answeringCall ? outputMessagesAttribute(output, call.finishReason, options.env) : null,
              }
            : {}),
        }),
      );
    }

    for (const tool of turnTools) {
      const errorType = tool.isError ? toolErrorType(tool.result) : null;
      spans.push(
        operationSpan(scope, TURN_OPERATIONS.executeTool, tool, tool.finishedAt, tool.name, errorType, {
          [GEN_AI.toolName]: tool.name,
          [GEN_AI.toolCallId]: tool.providerCallId,
          [GEN_AI.toolType]: 'function',
          [ERROR_TYPE]: errorType,
          [SWITCHBOARD.turnIndex]: turn.index,
          ...(options.captureContent
            ? {
                [GEN_AI.toolCallArguments]: contentAttribute(tool.arguments ?? tool.rawArguments, options.env),
                [GEN_AI.toolCallResult]: contentAttribute(tool.result ?? null, options.env),
              }
            : {}),
        }),
      );
    }
  }
  return spans;
}
