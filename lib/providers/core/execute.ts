import { MessageAccumulator } from './accumulate';
import { ProviderRuntimeError, isProviderRuntimeError } from './errors';
import { DEFAULT_RETRY_POLICY, decideRetry, sleep } from './retry';
import { accountFingerprint, type AttemptInfo, type ProviderRuntime, type RuntimeConfig } from './runtime';
import type { AttemptRecord, ProviderErrorInfo, ProviderRequest, ProviderResult, SessionState, StreamEvent } from './types';

export type ExecuteOptions = {
  clock?: () => number;
  random?: () => number;
};

const EMPTY_INFO: AttemptInfo = {
  httpStatus: null,
  requestId: null,
  responseId: null,
  modelServed: null,
  upstreamProvider: null,
  rateLimit: {},
  firstByteAt: null,
  chunkGapsMs: [],
};

/**
 * Runs one provider call: attempts, our retry policy, the streaming fallback, and the report of
 * all of it. Yields normalized events as they happen and returns the ProviderResult. It never
 * throws for a provider failure: the failure is an `error` event and `result.error`.
 */
export async function* executeCall(
  runtime: ProviderRuntime,
  config: RuntimeConfig,
  request: ProviderRequest,
  options: ExecuteOptions = {},
): AsyncGenerator<StreamEvent, ProviderResult> {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const policy = config.retry ?? DEFAULT_RETRY_POLICY;
  const fallbackEnabled = config.streamFallback?.enabled ?? true;
  const origin = accountFingerprint(config);
  const startedAt = clock();
  const session: SessionState = { ...request.session };
  const ignoredSettings = runtime.unsupportedSettings(request);
  const attempts: AttemptRecord[] = [];
  const controller = new AbortController();
  const onAbort = () => controller.abort(request.signal?.reason);
  if (request.signal?.aborted) controller.abort(request.signal.reason);
  request.signal?.addEventListener('abort', onAbort, { once: true });

  let stream = request.stream && !session.streamingDisabled;
  let fallbackReason: string | null = request.stream && session.streamingDisabled ? session.streamingDisabled.reason : null;
  let waitBeforeMs = 0;
  let retriesUsed = 0;

  if (ignoredSettings.length) {
    yield { type: 'notice', notice: 'settings-ignored', runtime: runtime.id, settings: ignoredSettings };
  }
  /** The call's result as it ends now: its last attempt's output and info, the error it ends with (null: it succeeded). */
  const resultOf = (accumulator: MessageAccumulator, info: AttemptInfo, errorInfo: ResultInput['errorInfo']) =>
    buildResult({
      accumulator,
      info,
      attempts,
      errorInfo,
      startedAt,
      endedAt: clock(),
      request,
      stream,
      fallbackReason,
      session,
      ignoredSettings,
      origin,
    });

  try {
    for (let attempt = 1; ; attempt++) {
      const attemptStartedAt = clock();
      const accumulator = new MessageAccumulator(clock);
      let info: AttemptInfo = EMPTY_INFO;
      const progress = { streamStarted: false };
      const markStreamStarted = () => {
        progress.streamStarted = true;
      };
      yield { type: 'attempt-start', attempt, streamed: stream };
      try {
        const generator = runtime.attempt({ request, stream, config, signal: controller.signal, origin, clock, markStreamStarted });
        for (;;) {
          const next = await generator.next();
          if (next.done) {
            info = next.value;
            break;
          }
          for (const event of next.value) {
            accumulator.add(event);
            yield event;
          }
        }
      } catch (caught) {
        const error = asRuntimeError(caught, controller.signal);
        const failedAfterOutput = accumulator.outputBegan;
        attempts.push(record(attempt, stream, progress.streamStarted, waitBeforeMs, attemptStartedAt, clock(), accumulator, error, info));

        if (error.kind === 'stream_unsupported' && stream && fallbackEnabled && !failedAfterOutput) {
          stream = false;
          fallbackReason = error.message;
          session.streamingDisabled = { reason: error.message, since: new Date(clock()).toISOString() };
          waitBeforeMs = 0;
          yield { type: 'notice', notice: 'streaming-disabled', reason: error.message, status: error.status, requestId: error.requestId };
          continue;
        }

        const decision = failedAfterOutput
          ? ({ retry: false, reason: 'the stream broke after output began; it is not re-run' } as const)
          : decideRetry(policy, error, retriesUsed + 1, clock() - startedAt, random);
        if (decision.retry) {
          retriesUsed++;
          waitBeforeMs = decision.delayMs;
          yield {
            type: 'notice',
            notice: 'retrying',
            kind: error.kind,
            status: error.status,
            attempt,
            nextAttempt: attempt + 1,
            delayMs: decision.delayMs,
            retryAfterMs: error.retryAfterMs,
          };
          const interrupted = await sleep(decision.delayMs, controller.signal).then(
            () => null,
            (reason: unknown) => asRuntimeError(reason, controller.signal),
          );
          if (!interrupted) continue;
          const errorInfo = interrupted.toInfo();
          yield { type: 'error', error: errorInfo };
          yield { type: 'finish', finishReason: 'error' };
          return resultOf(accumulator, info, errorInfo);
        }

        const rateLimit = error.details.rateLimit as Record<string, string> | undefined;
        if (rateLimit && Object.keys(rateLimit).length) session.lastRateLimit = rateLimit;
        const errorInfo = error.toInfo();
        if (failedAfterOutput) errorInfo.details = { ...errorInfo.details, afterOutput: true };
        if (error.kind !== 'cancelled') errorInfo.details = { ...errorInfo.details, gaveUp: decision.reason };
        yield { type: 'error', error: errorInfo };
        yield { type: 'finish', finishReason: 'error' };
        return resultOf(accumulator, info, errorInfo);
      }

      attempts.push(record(attempt, stream, progress.streamStarted, waitBeforeMs, attemptStartedAt, clock(), accumulator, null, info));
      if (info.responseId) session.lastResponseId = info.responseId;
      if (Object.keys(info.rateLimit).length) session.lastRateLimit = info.rateLimit;
      return resultOf(accumulator, info, null);
    }
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
  }
}

/** Runs the call to the end and returns its result (events are dropped). */
export async function generate(
  runtime: ProviderRuntime,
  config: RuntimeConfig,
  request: ProviderRequest,
  options?: ExecuteOptions,
): Promise<ProviderResult> {
  const generator = executeCall(runtime, config, request, options);
  for (;;) {
    const next = await generator.next();
    if (next.done) return next.value;
  }
}

function asRuntimeError(caught: unknown, signal: AbortSignal): ProviderRuntimeError {
  if (isProviderRuntimeError(caught)) return caught;
  if (signal.aborted) return new ProviderRuntimeError({ kind: 'cancelled', message: 'The call was cancelled.' });
  // A bug in a runtime must not crash the run: report it as what it is.
  const message = caught instanceof Error ? caught.message : String(caught);
  return new ProviderRuntimeError({
    kind: 'non_json',
    message: `Could not read the provider response: ${message}`,
    retryable: false,
    details: { internal: true },
  });
}

function record(
  attempt: number,
  streamed: boolean,
  streamStarted: boolean,
  waitBeforeMs: number,
  startedAt: number,
  endedAt: number,
  accumulator: MessageAccumulator,
  error: ProviderRuntimeError | null,
  info: AttemptInfo,
): AttemptRecord {
  return {
    attempt,
    streamed,
    streamStarted: streamed && streamStarted,
    status: error ? 'error' : 'ok',
    httpStatus: error?.status ?? info.httpStatus,
    errorKind: error?.kind ?? null,
    waitBeforeMs,
    retryAfterMs: error?.retryAfterMs ?? null,
    requestId: error?.requestId ?? info.requestId,
    startedAt,
    endedAt,
    firstTokenAt: accumulator.firstTokenAt,
    usage: accumulator.usage,
    error: error ? error.toInfo() : null,
  };
}

type ResultInput = {
  accumulator: MessageAccumulator;
  info: AttemptInfo;
  attempts: AttemptRecord[];
  errorInfo: ProviderErrorInfo | null;
  startedAt: number;
  endedAt: number;
  request: ProviderRequest;
  stream: boolean;
  fallbackReason: string | null;
  session: SessionState;
  ignoredSettings: string[];
  origin: ReturnType<typeof accountFingerprint>;
};

function buildResult(input: ResultInput): ProviderResult {
  const { accumulator, info, errorInfo } = input;
  return {
    message: accumulator.message(input.origin, info.responseId),
    text: accumulator.text,
    toolCalls: accumulator.toolCalls,
    invalidToolCalls: accumulator.invalidToolCalls,
    reasoning: accumulator.reasoning,
    finishReason: errorInfo ? 'error' : (accumulator.finishReason ?? 'stop'),
    usage: accumulator.usage,
    metadata: {
      requestId: info.requestId ?? errorInfo?.requestId ?? null,
      responseId: info.responseId,
      modelServed: info.modelServed,
      upstreamProvider: info.upstreamProvider,
      rateLimit: info.rateLimit,
      account: input.origin.account,
      ignoredSettings: input.ignoredSettings,
    },
    timings: {
      startedAt: input.startedAt,
      firstByteAt: info.firstByteAt,
      firstTokenAt: accumulator.firstTokenAt,
      endedAt: input.endedAt,
      chunkGapsMs: info.chunkGapsMs,
    },
    attempts: input.attempts,
    streamed: { requested: input.request.stream, actual: input.stream, fallbackReason: input.fallbackReason },
    session: input.session,
    error: errorInfo,
  };
}
