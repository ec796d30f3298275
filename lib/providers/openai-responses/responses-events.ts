import { kindForErrorType } from '../core/classify-error';
import { ProviderRuntimeError } from '../core/errors';
import { notAnApiResponse, parseEventData, streamCutError } from '../core/response-body';
import { eventsPerBatch, isBlankData, type SseItem } from '../core/sse';
import { toolCallFromRaw } from '../core/tool-arguments';
import type { ReasoningOrigin, ReasoningPart, StreamEvent } from '../core/types';
import { usageFromResponses } from '../core/usage';
import { mapResponsesFinishReason } from './map-responses-finish-reason';

type Json = Record<string, unknown>;

export type ResponsesInfo = { responseId: string | null; modelServed: string | null };

type Context = { status: number; requestId: string | null; origin: ReasoningOrigin; info: ResponsesInfo };

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function failure(error: unknown, context: Context, raw: string, fallbackMessage: string): ProviderRuntimeError {
  const body = (error && typeof error === 'object' ? error : {}) as Json;
  const code = str(body.code) ?? str(body.type);
  return new ProviderRuntimeError({
    kind: kindForErrorType(str(body.type), code, 'server'),
    message: `Error in the response: ${str(body.message) ?? fallbackMessage}`,
    status: context.status,
    requestId: context.requestId,
    body: raw,
    details: { errorCode: code, param: str(body.param), inStream: true },
  });
}

/**
 * A reasoning item as a reasoning part. An item with no summary, no reasoning text and no
 * encrypted_content (stored, no summary asked for) carries no reasoning: null.
 */
function reasoningPart(item: Json, origin: ReasoningOrigin): ReasoningPart | null {
  const texts = (parts: unknown) =>
    (Array.isArray(parts) ? (parts as Json[]) : []).map((part) => str(part.text)).filter((text): text is string => text !== null);
  const summary = texts(item.summary);
  const content = texts(item.content);
  const encrypted = str(item.encrypted_content);
  if (!summary.length && !content.length && !encrypted) return null;
  const text = [...summary, ...(summary.length ? [] : content)].join('\n\n');
  return {
    type: 'reasoning',
    origin,
    ...(str(item.id) ? { id: item.id as string } : {}),
    ...(text ? { text } : {}),
    summary,
    ...(encrypted ? { encrypted } : {}),
  };
}

/**
 * The final output items → reasoning parts and tool calls. Reasoning is read from the final
 * item (its encrypted_content can differ from the one announced earlier in the stream).
 */
function* outputItemEvents(items: Json[], context: Context): Generator<StreamEvent, number> {
  let functionCalls = 0;
  for (const item of items) {
    if (item.type === 'reasoning') {
      const part = reasoningPart(item, context.origin);
      if (part) yield { type: 'reasoning', part };
    } else if (item.type === 'function_call') {
      functionCalls++;
      const outcome = toolCallFromRaw(
        str(item.call_id) ?? str(item.id) ?? `call_${functionCalls}`,
        str(item.name) ?? '',
        str(item.arguments) ?? '',
        str(item.id) ?? undefined,
      );
      if ('call' in outcome) yield { type: 'tool-call', call: outcome.call };
      else yield { type: 'invalid-tool-call', call: outcome.invalid };
    }
  }
  return functionCalls;
}

function textOf(items: Json[]): string {
  return items
    .filter((item) => item.type === 'message')
    .flatMap((item) => (Array.isArray(item.content) ? (item.content as Json[]) : []))
    .map((part) => (part.type === 'output_text' ? (str(part.text) ?? '') : part.type === 'refusal' ? (str(part.refusal) ?? '') : ''))
    .join('');
}

/** Pushes a generator's events onto `out` and returns what the generator returns. */
function pushAll<R>(events: Generator<StreamEvent, R>, out: StreamEvent[]): R {
  for (;;) {
    const next = events.next();
    if (next.done) return next.value;
    out.push(next.value);
  }
}

/** Responses SSE → normalized events. Ends only with response.completed / incomplete / failed. */
export async function* responsesStreamEvents(batches: AsyncIterable<SseItem[]>, context: Context): AsyncGenerator<StreamEvent[]> {
  const { info } = context;
  const doneItems = new Map<number, Json>();
  let streamedText = '';
  const step = (item: SseItem, out: StreamEvent[]): boolean => {
    // An unterminated event is the last item: skipping it ends the stream without response.completed (a cut).
    if (item.type === 'comment' || item.unterminated || isBlankData(item.data) || item.data.trim() === '[DONE]') return false;
    const event = parseEventData(item.data, context.status, context.requestId);
    const type = str(event.type) ?? item.event ?? '';
    const response = (event.response && typeof event.response === 'object' ? event.response : null) as Json | null;
    if (response) {
      info.responseId ??= str(response.id);
      info.modelServed = str(response.model) ?? info.modelServed;
    }
    switch (type) {
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const delta = str(event.delta) ?? '';
        streamedText += delta;
        if (delta) out.push({ type: 'text-delta', text: delta });
        break;
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        const delta = str(event.delta) ?? '';
        if (delta) out.push({ type: 'reasoning-delta', text: delta });
        break;
      }
      case 'response.function_call_arguments.delta':
        out.push({ type: 'tool-call-delta', index: Number(event.output_index ?? 0), argumentsDelta: str(event.delta) ?? '' });
        break;
      case 'response.output_item.done':
        if (event.item && typeof event.item === 'object') doneItems.set(Number(event.output_index ?? doneItems.size), event.item as Json);
        break;
      case 'response.completed':
      case 'response.incomplete': {
        const final = response ?? {};
        const output =
          Array.isArray(final.output) && final.output.length
            ? (final.output as Json[])
            : [...doneItems.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
        if (!streamedText) {
          const text = textOf(output);
          if (text) out.push({ type: 'text-delta', text });
        }
        const functionCalls = pushAll(outputItemEvents(output, context), out);
        const usage = usageFromResponses(final.usage);
        if (usage) out.push({ type: 'usage', usage });
        out.push({ type: 'finish', finishReason: mapResponsesFinishReason(final, functionCalls > 0) });
        return true;
      }
      case 'response.failed':
        throw failure(response?.error, context, item.data, 'the response failed');
      case 'error':
        throw failure(event, context, item.data, 'stream error');
      default:
        break;
    }
    return false;
  };
  if (!(yield* eventsPerBatch(batches, step))) throw streamCutError(context.status, context.requestId, 'response.completed');
}

/** A non-streaming Responses body → normalized events. */
export function* responsesBodyEvents(body: unknown, context: Context & { raw: string }): Generator<StreamEvent> {
  const response = (body && typeof body === 'object' ? body : {}) as Json;
  if (response.error && typeof response.error === 'object' && response.status !== 'completed') {
    throw failure(response.error, context, context.raw, 'the response failed');
  }
  if (!Array.isArray(response.output)) throw notAnApiResponse('The body has no `output`: not a Responses API response.', context);
  context.info.responseId = str(response.id);
  context.info.modelServed = str(response.model);
  const output = response.output as Json[];
  const reasoningFirst = [...output.filter((item) => item.type === 'reasoning')];
  yield* outputItemEvents(reasoningFirst, context);
  const text = textOf(output);
  if (text) yield { type: 'text-delta', text };
  const functionCalls = yield* outputItemEvents(
    output.filter((item) => item.type !== 'reasoning'),
    context,
  );
  const usage = usageFromResponses(response.usage);
  if (usage) yield { type: 'usage', usage };
  yield { type: 'finish', finishReason: mapResponsesFinishReason(response, functionCalls > 0) };
}
