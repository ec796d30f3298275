// Shared by the telemetry tests that put provider calls straight into the database
// (lib/telemetry/queries.test.ts through Prisma, e2e/telemetry.spec.ts through pg): each call says
// only what the test is about; the rest is filled in as a real attempt records it.

/** One attempt's outcome; what is not given is a plain, non-streaming success. */
export type ScriptedCall = {
  attempt?: number;
  streamRequested?: boolean;
  streamActual?: boolean;
  /** The provider began a stream (default: a streaming attempt that succeeded). */
  streamStarted?: boolean;
  status?: 'ok' | 'error';
  errorKind?: string;
  httpStatus?: number;
  latencyMs?: number;
  ttftMs?: number;
  inputTokens?: number;
  /** Cache and reasoning counts not given were not reported (null, as the schema has it). */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  costUsd?: number;
  retryAfterMs?: number;
};

/** The "ProviderCall" columns (Prisma's field names) that a scripted call decides. */
export function scriptedCallColumns(call: ScriptedCall) {
  const streamActual = call.streamActual ?? false;
  const status = call.status ?? 'ok';
  return {
    attempt: call.attempt ?? 1,
    streamRequested: call.streamRequested ?? false,
    streamActual,
    streamStarted: call.streamStarted ?? (streamActual && status === 'ok'),
    fallbackReason: call.streamRequested && !streamActual ? 'stream_unsupported' : null,
    status,
    errorKind: call.errorKind ?? null,
    httpStatus: call.httpStatus ?? null,
    latencyMs: call.latencyMs ?? null,
    ttftMs: call.ttftMs ?? null,
    inputTokens: call.inputTokens ?? 0,
    cacheReadTokens: call.cacheReadTokens ?? null,
    cacheWriteTokens: call.cacheWriteTokens ?? null,
    outputTokens: call.outputTokens ?? 0,
    reasoningTokens: call.reasoningTokens ?? null,
    costUsd: call.costUsd ?? null,
    retryAfterMs: call.retryAfterMs ?? null,
  };
}
