// Test support: a provider call as the conductor hands it to the store (RecordedCall): one streamed
// attempt with usage, a price, rate-limit headers and reasoning — or a refused one with an error.
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import type { AssistantMessage, AttemptRecord, ProviderErrorInfo, ProviderResult } from '@/lib/providers/core/types';
import type { RecordedCall, ToolCallRecord } from '../fenced-run';

const profile = providerProfileSchema.parse({
  ...BUILTIN_PROFILES.find((builtin) => builtin.name === 'simulator-chat'),
  price: { input: 1.25, output: 10 },
});

const RATE_LIMIT = { 'x-ratelimit-limit-requests': '60', 'x-ratelimit-remaining-requests': '59', 'x-ratelimit-reset-requests': '1s' };

/** A reply that asks for one tool call. */
export function toolCallReply(callId: string): AssistantMessage {
  return {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Listing the files.' },
      { type: 'tool-call', id: callId, name: 'list_files', arguments: { path: '.' }, rawArguments: '{"path":"."}' },
    ],
  };
}

/** The `list_files` call of `toolCallReply`, as run: its record for `finishTurn`. */
export function listFilesRecord(callId = 'call_1'): ToolCallRecord {
  return {
    providerCallId: callId,
    name: 'list_files',
    rawArguments: '{"path":"."}',
    arguments: { path: '.' },
    result: { files: ['README.md'] },
    isError: false,
    durationMs: 3,
    startedAt: new Date(),
    finishedAt: new Date(),
  };
}

/** A call of the run's profile; `error` makes it a refused one (no usage, an error artifact). */
export function recordedCall({
  message = toolCallReply('call_1'),
  error = null,
}: { message?: AssistantMessage; error?: ProviderErrorInfo | null } = {}): RecordedCall {
  const startedAt = Date.now() - 400;
  const usage = error
    ? null
    : {
        inputTokens: 1234,
        inputNoCacheTokens: 1234,
        cacheReadTokens: null,
        cacheWriteTokens: null,
        outputTokens: 56,
        reasoningTokens: 7,
        costUsd: 0.000123456789,
      };
  const attempt: AttemptRecord = {
    attempt: 1,
    streamed: true,
    streamStarted: !error,
    status: error ? 'error' : 'ok',
    httpStatus: error ? error.status : 200,
    errorKind: error?.kind ?? null,
    waitBeforeMs: 0,
    retryAfterMs: error?.retryAfterMs ?? null,
    requestId: 'req_1',
    startedAt,
    endedAt: startedAt + 300,
    firstTokenAt: error ? null : startedAt + 40,
    usage,
    error,
  };
  const result: ProviderResult = {
    message,
    text: 'Listing the files.',
    toolCalls: [],
    invalidToolCalls: [],
    reasoning: error
      ? []
      : [{ type: 'reasoning', origin: { runtime: 'openai-chat', account: 'a1b2c3d4e5f60718' }, text: 'Plan: list first.' }],
    finishReason: error ? 'error' : 'tool_calls',
    usage,
    metadata: {
      requestId: 'req_1',
      responseId: error ? null : 'resp_1',
      modelServed: error ? null : 'sim-gpt',
      upstreamProvider: null,
      rateLimit: RATE_LIMIT,
      account: 'a1b2c3d4e5f60718',
      ignoredSettings: [],
    },
    timings: {
      startedAt,
      firstByteAt: startedAt + 20,
      firstTokenAt: attempt.firstTokenAt,
      endedAt: attempt.endedAt,
      chunkGapsMs: [0, 25, 25],
    },
    attempts: [attempt],
    streamed: { requested: true, actual: true, fallbackReason: null },
    session: {},
    error,
  };
  return { profile, result, providerState: { sessions: { 'simulator-chat': {} } }, takeoverFrom: null, chainState: null };
}

/** A refusal the next profile of the chain takes over from. */
export function overloaded(): ProviderErrorInfo {
  return {
    kind: 'overloaded',
    message: 'HTTP 529: overloaded',
    status: 529,
    retryable: true,
    retryAfterMs: null,
    requestId: 'req_1',
    bodySnippet: '{"error":"overloaded"}',
    hint: 'Try again later or fall back to another profile.',
    details: { rateLimit: RATE_LIMIT },
  };
}
