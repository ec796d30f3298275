import type { FetchCapture } from './capture-fetch';
import { isEventStream, readJsonBody, sseItems } from './response-body';
import { rateLimitHeaders, requestIdFrom } from './retry-after';
import type { AttemptContext, AttemptInfo } from './runtime';
import { toProviderRuntimeError } from './sdk-errors';
import type { SseItem } from './sse';
import type { ReasoningOrigin, StreamEvent } from './types';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 5 * 60_000;

/** What the wire parsers learn about the response as they read it. */
export type ResponseInfo = { responseId: string | null; modelServed: string | null; upstreamProvider: string | null };
export type EventContext = { status: number; requestId: string | null; origin: ReasoningOrigin; info: ResponseInfo };

export type AttemptSpec = {
  /** Sends the request through the SDK and returns the raw response (`.asResponse()`). */
  send(): Promise<Response>;
  /** The events of each batch of SSE items (one batch per network chunk), in order. */
  streamEvents(batches: AsyncIterable<SseItem[]>, context: EventContext): AsyncGenerator<StreamEvent[]>;
  bodyEvents(body: unknown, context: EventContext & { raw: string }): Generator<StreamEvent>;
};

/**
 * The part of an attempt every runtime shares: send, map SDK failures from the captured raw
 * response, read the body as a stream or as one JSON document, and report what was seen.
 */
export async function* runAttempt(
  context: AttemptContext,
  capture: FetchCapture,
  spec: AttemptSpec,
): AsyncGenerator<StreamEvent[], AttemptInfo> {
  const { stream, config, signal, clock, origin } = context;
  const errorContext = { capture, streamRequested: stream, signal, streamRejectionMatchers: config.streamFallback?.matchers };
  let response: Response;
  try {
    response = await spec.send();
  } catch (error) {
    throw toProviderRuntimeError(error, errorContext);
  }
  const requestId = requestIdFrom(response.headers);
  const info: ResponseInfo = { responseId: null, modelServed: null, upstreamProvider: null };
  const gaps: number[] = [];
  const eventContext: EventContext = { status: response.status, requestId, origin, info };
  try {
    if (stream && isEventStream(response)) {
      context.markStreamStarted?.();
      yield* spec.streamEvents(
        sseItems(response, { clock, gaps }, config.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS),
        eventContext,
      );
    } else {
      const { json, text } = await readJsonBody(response);
      const events: StreamEvent[] = [];
      try {
        for (const event of spec.bodyEvents(json, { ...eventContext, raw: text })) events.push(event);
      } finally {
        if (events.length) yield events;
      }
    }
  } catch (error) {
    throw toProviderRuntimeError(error, errorContext);
  }
  return {
    httpStatus: response.status,
    requestId,
    responseId: info.responseId,
    modelServed: info.modelServed,
    upstreamProvider: info.upstreamProvider,
    rateLimit: rateLimitHeaders(response.headers),
    firstByteAt: capture.last?.firstByteAt ?? null,
    chunkGapsMs: gaps,
  };
}
