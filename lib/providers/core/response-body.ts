import { ProviderRuntimeError } from './errors';
import { requestIdFrom } from './retry-after';
import { readSse, type SseItem } from './sse';

/** Reads a successful non-streaming body as JSON; anything else is a `non_json` error with its snippet. */
export async function readJsonBody(response: Response): Promise<{ json: unknown; text: string }> {
  const text = await response.text();
  try {
    return { json: JSON.parse(text), text };
  } catch (error) {
    throw new ProviderRuntimeError({
      kind: 'non_json',
      message: `HTTP ${response.status}: the body is not valid JSON (${(error as Error).message})`,
      status: response.status,
      requestId: requestIdFrom(response.headers),
      body: text,
      details: { contentType: response.headers.get('content-type'), length: text.length },
    });
  }
}

export type StreamTiming = { clock: () => number; gaps: number[] };

/** SSE items of a streaming body in batches (one per chunk), recording the gaps between chunks. */
export function sseItems(response: Response, timing: StreamTiming, idleTimeoutMs: number | undefined): AsyncGenerator<SseItem[]> {
  if (!response.body) {
    throw new ProviderRuntimeError({ kind: 'network', message: 'The stream has no body.', status: response.status });
  }
  let last = timing.clock();
  return readSse(response.body, {
    idleTimeoutMs,
    onChunk: () => {
      const now = timing.clock();
      timing.gaps.push(now - last);
      last = now;
    },
  });
}

/** A JSON body that lacks what every response of the API has (`what` says which): not that API's answer. */
export function notAnApiResponse(what: string, context: { status: number; requestId: string | null; raw: string }): ProviderRuntimeError {
  return new ProviderRuntimeError({
    kind: 'non_json',
    message: what,
    status: context.status,
    requestId: context.requestId,
    body: context.raw,
  });
}

/** Parses one SSE data payload as JSON; a malformed payload is a `non_json` error of the call. */
export function parseEventData(data: string, status: number, requestId: string | null): Record<string, unknown> {
  try {
    const value = JSON.parse(data) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    throw new Error('not an object');
  } catch (error) {
    throw new ProviderRuntimeError({
      kind: 'non_json',
      message: `A stream event is not a JSON object (${(error as Error).message})`,
      status,
      requestId,
      body: data,
    });
  }
}

/** The stream ended before the provider's terminator: both SDKs end such a stream silently. */
export function streamCutError(status: number, requestId: string | null, terminator: string): ProviderRuntimeError {
  return new ProviderRuntimeError({
    kind: 'network',
    message: `The stream ended before ${terminator}: the connection was cut.`,
    status,
    requestId,
    retryable: true,
  });
}

/**
 * Whether a successful answer to a streaming request really is a stream. Some servers and proxies
 * ignore `stream: true` and answer with one JSON body (or an HTML page): that body is then read as
 * a whole. A missing content-type is taken for a stream.
 */
export function isEventStream(response: Response): boolean {
  const type = response.headers.get('content-type');
  return !type || type.toLowerCase().includes('text/event-stream');
}
