import { kindForErrorType } from '../core/classify-error';
import { ProviderRuntimeError } from '../core/errors';
import { notAnApiResponse, parseEventData, streamCutError } from '../core/response-body';
import { eventsPerBatch, isBlankData, type SseItem } from '../core/sse';
import { toolCallFromRaw } from '../core/tool-arguments';
import type { FinishReason, ReasoningOrigin, ReasoningPart, StreamEvent } from '../core/types';
import { usageFromAnthropic } from '../core/usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

type Json = Record<string, unknown>;

export type AnthropicInfo = { responseId: string | null; modelServed: string | null };
type Context = { status: number; requestId: string | null; origin: ReasoningOrigin; info: AnthropicInfo };

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function streamError(event: Json, context: Context, raw: string): ProviderRuntimeError {
  const error = (event.error && typeof event.error === 'object' ? event.error : {}) as Json;
  const type = str(error.type);
  return new ProviderRuntimeError({
    kind: kindForErrorType(type, null, 'server'),
    message: `Error in the stream: ${str(error.message) ?? type ?? 'unknown error'}`,
    status: context.status,
    requestId: context.requestId,
    body: raw,
    details: { errorType: type, inStream: true },
  });
}

function thinkingPart(block: Json, origin: ReasoningOrigin): ReasoningPart {
  if (block.type === 'redacted_thinking') {
    return { type: 'reasoning', origin, encrypted: str(block.data) ?? '', redacted: true };
  }
  const text = str(block.thinking) ?? '';
  const signature = str(block.signature);
  return { type: 'reasoning', origin, ...(text ? { text } : {}), ...(signature ? { signature } : {}) };
}

type OpenBlock = { type: string; block: Json; json: string; sawJsonDelta: boolean };

/** Messages SSE → normalized events. Ends only with `message_stop`; an `error` event fails the call. */
export async function* anthropicStreamEvents(batches: AsyncIterable<SseItem[]>, context: Context): AsyncGenerator<StreamEvent[]> {
  const blocks = new Map<number, OpenBlock>();
  const usage: Json = {};
  let stopReason: unknown = null;
  let sawToolUse = false;
  const step = (item: SseItem, out: StreamEvent[]): boolean => {
    // An unterminated event is the last item: ignoring it ends the stream without message_stop (a cut).
    if (item.type === 'comment' || item.unterminated || isBlankData(item.data)) return false;
    const event = parseEventData(item.data, context.status, context.requestId);
    switch (str(event.type) ?? item.event) {
      case 'message_start': {
        const message = (event.message ?? {}) as Json;
        context.info.responseId = str(message.id);
        context.info.modelServed = str(message.model);
        Object.assign(usage, message.usage ?? {});
        break;
      }
      case 'content_block_start': {
        const block = { ...((event.content_block ?? {}) as Json) };
        const index = Number(event.index ?? blocks.size);
        blocks.set(index, { type: str(block.type) ?? 'unknown', block, json: '', sawJsonDelta: false });
        if (block.type === 'text' && str(block.text)) out.push({ type: 'text-delta', text: block.text as string });
        break;
      }
      case 'content_block_delta': {
        const open = blocks.get(Number(event.index));
        const delta = (event.delta ?? {}) as Json;
        if (!open) break;
        switch (delta.type) {
          case 'text_delta': {
            const text = str(delta.text) ?? '';
            if (text) out.push({ type: 'text-delta', text });
            break;
          }
          case 'thinking_delta': {
            const text = str(delta.thinking) ?? '';
            open.block.thinking = `${str(open.block.thinking) ?? ''}${text}`;
            if (text) out.push({ type: 'reasoning-delta', text });
            break;
          }
          case 'signature_delta':
            open.block.signature = `${str(open.block.signature) ?? ''}${str(delta.signature) ?? ''}`;
            break;
          case 'input_json_delta': {
            const fragment = str(delta.partial_json) ?? '';
            open.json += fragment;
            open.sawJsonDelta = true;
            out.push({
              type: 'tool-call-delta',
              index: Number(event.index),
              id: str(open.block.id) ?? undefined,
              name: str(open.block.name) ?? undefined,
              argumentsDelta: fragment,
            });
            break;
          }
          default:
            break;
        }
        break;
      }
      case 'content_block_stop': {
        const index = Number(event.index);
        const open = blocks.get(index);
        if (!open) break;
        blocks.delete(index);
        if (open.type === 'thinking' || open.type === 'redacted_thinking') {
          out.push({ type: 'reasoning', part: thinkingPart(open.block, context.origin) });
        } else if (open.type === 'tool_use') {
          sawToolUse = true;
          const raw = open.sawJsonDelta ? open.json : JSON.stringify(open.block.input ?? {});
          const outcome = toolCallFromRaw(str(open.block.id) ?? `toolu_${index}`, str(open.block.name) ?? '', raw);
          if ('call' in outcome) out.push({ type: 'tool-call', call: outcome.call });
          else out.push({ type: 'invalid-tool-call', call: outcome.invalid });
        }
        break;
      }
      case 'message_delta': {
        const delta = (event.delta ?? {}) as Json;
        if (delta.stop_reason !== undefined && delta.stop_reason !== null) stopReason = delta.stop_reason;
        // message_delta usage is cumulative: it replaces, never adds to, what message_start said.
        for (const [key, value] of Object.entries((event.usage ?? {}) as Json))
          if (value !== null && value !== undefined) usage[key] = value;
        break;
      }
      case 'message_stop': {
        const normalized = usageFromAnthropic(usage);
        if (normalized) out.push({ type: 'usage', usage: normalized });
        const finishReason: FinishReason = stopReason ? mapAnthropicStopReason(stopReason) : sawToolUse ? 'tool_calls' : 'stop';
        out.push({ type: 'finish', finishReason });
        return true;
      }
      case 'error':
        throw streamError(event, context, item.data);
      default:
        break; // ping and future event types
    }
    return false;
  };
  if (!(yield* eventsPerBatch(batches, step))) throw streamCutError(context.status, context.requestId, 'message_stop');
}

/** A non-streaming Messages body → normalized events. */
export function* anthropicBodyEvents(body: unknown, context: Context & { raw: string }): Generator<StreamEvent> {
  const message = (body && typeof body === 'object' ? body : {}) as Json;
  if (message.type === 'error') throw streamError(message, context, context.raw);
  if (!Array.isArray(message.content)) throw notAnApiResponse('The body has no `content`: not a Messages API response.', context);
  context.info.responseId = str(message.id);
  context.info.modelServed = str(message.model);
  let sawToolUse = false;
  for (const block of message.content as Json[]) {
    if (block.type === 'thinking' || block.type === 'redacted_thinking') {
      yield { type: 'reasoning', part: thinkingPart(block, context.origin) };
    } else if (block.type === 'text') {
      const text = str(block.text) ?? '';
      if (text) yield { type: 'text-delta', text };
    } else if (block.type === 'tool_use') {
      sawToolUse = true;
      const outcome = toolCallFromRaw(str(block.id) ?? 'toolu', str(block.name) ?? '', JSON.stringify(block.input ?? {}));
      if ('call' in outcome) yield { type: 'tool-call', call: outcome.call };
      else yield { type: 'invalid-tool-call', call: outcome.invalid };
    }
  }
  const usage = usageFromAnthropic(message.usage);
  if (usage) yield { type: 'usage', usage };
  yield {
    type: 'finish',
    finishReason: message.stop_reason ? mapAnthropicStopReason(message.stop_reason) : sawToolUse ? 'tool_calls' : 'stop',
  };
}
