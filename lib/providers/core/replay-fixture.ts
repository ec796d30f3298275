// Test support: replays a runtime's recorded provider output (its __fixtures__/) through its wire
// parsers as runAttempt would, and collects what they make of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageAccumulator } from './accumulate';
import { isProviderRuntimeError } from './errors';
import type { EventContext, ResponseInfo } from './run-attempt';
import { readSse, type SseItem } from './sse';
import type { AssistantMessage, ErrorKind, ReasoningOrigin, RuntimeId, StreamEvent } from './types';

export type StreamParser = (batches: AsyncIterable<SseItem[]>, context: EventContext) => AsyncGenerator<StreamEvent[]>;
export type BodyParser = (body: unknown, context: EventContext & { raw: string }) => Generator<StreamEvent>;

export type Replayed = {
  events: StreamEvent[];
  /** What the parser learned about the response (id, model served, upstream provider). */
  info: ResponseInfo;
  /** The ProviderRuntimeError the parser threw, as data, or null. */
  error: { kind: ErrorKind; message: string; status: number | null; retryable: boolean; details: Record<string, unknown> } | null;
};

export const FIXTURE_REQUEST_ID = 'req_fixture';

export function fixtureOrigin(runtime: RuntimeId): ReasoningOrigin {
  return { runtime, account: 'fixture-account' };
}

/** A file of `<runtimeFolder>/__fixtures__/`. */
export function readFixture(runtimeFolder: string, name: string): string {
  return readFileSync(join(runtimeFolder, '__fixtures__', name), 'utf8');
}

function context(runtime: RuntimeId): EventContext {
  return {
    status: 200,
    requestId: FIXTURE_REQUEST_ID,
    origin: fixtureOrigin(runtime),
    info: { responseId: null, modelServed: null, upstreamProvider: null },
  };
}

function bodyStream(text: string, chunkSize: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

function caught(error: unknown): Replayed['error'] {
  if (!isProviderRuntimeError(error)) throw error;
  return { kind: error.kind, message: error.message, status: error.status, retryable: error.retryable, details: error.details };
}

/** A recorded SSE body through a stream parser, delivered in network chunks of `chunkSize` bytes (default: one chunk). */
export async function replayStream(
  parser: StreamParser,
  text: string,
  options: { runtime: RuntimeId; chunkSize?: number },
): Promise<Replayed> {
  const eventContext = context(options.runtime);
  const events: StreamEvent[] = [];
  let error: Replayed['error'] = null;
  try {
    for await (const batch of parser(readSse(bodyStream(text, options.chunkSize ?? Math.max(text.length * 4, 1))), eventContext))
      events.push(...batch);
  } catch (thrown) {
    error = caught(thrown);
  }
  return { events, info: eventContext.info, error };
}

/** A recorded JSON body through a body parser. */
export function replayBody(parser: BodyParser, text: string, options: { runtime: RuntimeId }): Replayed {
  const eventContext = context(options.runtime);
  const events: StreamEvent[] = [];
  let error: Replayed['error'] = null;
  try {
    for (const event of parser(JSON.parse(text), { ...eventContext, raw: text })) events.push(event);
  } catch (thrown) {
    error = caught(thrown);
  }
  return { events, info: eventContext.info, error };
}

/** The assistant message a replay adds to the conversation, as the call loop builds it. */
export function assistantMessageOf(replayed: Replayed, runtime: RuntimeId): AssistantMessage {
  const accumulator = new MessageAccumulator(() => 0);
  for (const event of replayed.events) accumulator.add(event);
  return accumulator.message(fixtureOrigin(runtime), replayed.info.responseId);
}
