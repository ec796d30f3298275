import { kindForErrorType, relayedErrorBody, relayedKind } from '../core/classify-error';
import { ProviderRuntimeError } from '../core/errors';
import { notAnApiResponse, parseEventData, streamCutError } from '../core/response-body';
import { eventsPerBatch, isBlankData, type SseItem } from '../core/sse';
import { toolCallFromRaw } from '../core/tool-arguments';
import type { FinishReason, ReasoningOrigin, ReasoningPart, StreamEvent, Usage } from '../core/types';
import { usageFromChatCompletions } from '../core/usage';
import { mapChatFinishReason } from './map-chat-finish-reason';
import { ReasoningDetailsMerger } from './merge-reasoning-details';

type Json = Record<string, unknown>;

export type ChatResponseInfo = { responseId: string | null; modelServed: string | null; upstreamProvider: string | null };

type PendingToolCall = { id: string; name: string; args: string };

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * An `error` object delivered inside a 200 body (OpenAI stream errors, OpenRouter mid-stream
 * errors). An overload or a rate limit in the upstream body OpenRouter relays is that kind.
 */
export function embeddedError(error: unknown, status: number, requestId: string | null, raw: string): ProviderRuntimeError {
  const body = (error && typeof error === 'object' ? error : { message: String(error) }) as Json;
  const code = typeof body.code === 'number' || typeof body.code === 'string' ? body.code : null;
  const upstream = relayedErrorBody(body.metadata);
  const kind = (upstream && relayedKind(upstream)) ?? kindForErrorType(str(body.type), code, 'server');
  return new ProviderRuntimeError({
    kind,
    message: `Error in the response: ${str(body.message) ?? 'no message'}`,
    status,
    requestId,
    body: raw,
    details: { errorType: str(body.type), errorCode: code, inStream: true, metadata: body.metadata ?? null },
  });
}

/** Collects reasoning (OpenRouter `reasoning` + `reasoning_details`) and emits it as one part. */
class ReasoningCollector {
  private text = '';
  private readonly details = new ReasoningDetailsMerger();
  private emitted = false;

  constructor(private readonly origin: ReasoningOrigin) {}

  /** Returns the text delta to show. `reasoning` and `reasoning_details[].text` carry the same text: it counts once. */
  add(reasoning: unknown, details: unknown): string {
    this.details.add(details);
    const detailText = Array.isArray(details)
      ? details.map((d) => (d && typeof d === 'object' ? (str((d as Json).text) ?? str((d as Json).summary) ?? '') : '')).join('')
      : '';
    const delta = typeof reasoning === 'string' && reasoning.length ? reasoning : detailText;
    this.text += delta;
    return delta;
  }

  take(): ReasoningPart | null {
    if (this.emitted) return null;
    const details = this.details.details;
    if (!this.text && !details.length) return null;
    this.emitted = true;
    const encrypted = details.find((detail) => detail.type === 'reasoning.encrypted' && typeof detail.data === 'string');
    const signature = details.find((detail) => typeof detail.signature === 'string' && detail.signature.length > 0);
    return {
      type: 'reasoning',
      origin: this.origin,
      ...(this.text ? { text: this.text } : {}),
      ...(encrypted ? { encrypted: encrypted.data as string } : {}),
      ...(signature ? { signature: signature.signature as string } : {}),
      ...(details.length ? { details } : {}),
    };
  }
}

function* finishToolCalls(pending: Map<number, PendingToolCall>): Generator<StreamEvent> {
  for (const index of [...pending.keys()].sort((a, b) => a - b)) {
    const call = pending.get(index)!;
    const outcome = toolCallFromRaw(call.id, call.name, call.args);
    if ('call' in outcome) yield { type: 'tool-call', call: outcome.call };
    else yield { type: 'invalid-tool-call', call: outcome.invalid };
  }
}

/** Chat Completions SSE → normalized events. Requires `data: [DONE]`; anything short of it is a cut. */
export async function* chatStreamEvents(
  batches: AsyncIterable<SseItem[]>,
  context: { status: number; requestId: string | null; origin: ReasoningOrigin; info: ChatResponseInfo },
): AsyncGenerator<StreamEvent[]> {
  const { status, requestId, info } = context;
  const toolCalls = new Map<number, PendingToolCall>();
  const reasoning = new ReasoningCollector(context.origin);
  let finishReason: FinishReason | null = null;
  let usage: Usage | null = null;

  const step = (item: SseItem, out: StreamEvent[]): boolean => {
    if (item.type === 'comment') return false;
    if (item.data.trim() === '[DONE]') return true;
    // Blank keep-alives are skipped; an event cut mid-way is the last item: the stream ends without [DONE].
    if (isBlankData(item.data) || item.unterminated) return false;
    const chunk = parseEventData(item.data, status, requestId);
    if (chunk.error) throw embeddedError(chunk.error, status, requestId, item.data);
    info.responseId ??= str(chunk.id);
    info.modelServed ??= str(chunk.model);
    info.upstreamProvider ??= str(chunk.provider);
    if (chunk.usage) usage = usageFromChatCompletions(chunk.usage);
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as Json[]) : [];
    const choice = choices[0];
    if (!choice) return false;
    const delta = (choice.delta ?? {}) as Json;

    if (delta.reasoning !== undefined || delta.reasoning_details !== undefined) {
      const text = reasoning.add(delta.reasoning, delta.reasoning_details);
      if (text) out.push({ type: 'reasoning-delta', text });
    }
    const content = str(delta.content) ?? '';
    const refusal = str(delta.refusal) ?? '';
    if (content || refusal) {
      const part = reasoning.take();
      if (part) out.push({ type: 'reasoning', part });
      out.push({ type: 'text-delta', text: content + refusal });
    }
    if (Array.isArray(delta.tool_calls)) {
      const part = reasoning.take();
      if (part) out.push({ type: 'reasoning', part });
      for (const fragment of delta.tool_calls as Json[]) {
        const index = typeof fragment.index === 'number' ? fragment.index : toolCalls.size;
        const fn = (fragment.function ?? {}) as Json;
        let pending = toolCalls.get(index);
        if (!pending) {
          pending = { id: str(fragment.id) ?? `call_${index}`, name: str(fn.name) ?? '', args: '' };
          toolCalls.set(index, pending);
        } else {
          if (str(fragment.id)) pending.id = fragment.id as string;
          if (str(fn.name)) pending.name = fn.name as string;
        }
        const argumentsDelta = str(fn.arguments) ?? '';
        pending.args += argumentsDelta;
        out.push({ type: 'tool-call-delta', index, id: pending.id, name: pending.name, argumentsDelta });
      }
    }
    // A later chunk (OpenRouter's usage chunk) may repeat the choice with finish_reason null: keep the first.
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      if (choice.finish_reason === 'error')
        throw embeddedError(chunk.error ?? { message: 'finish_reason error' }, status, requestId, item.data);
      finishReason ??= mapChatFinishReason(choice.finish_reason);
    }
    return false;
  };
  if (!(yield* eventsPerBatch(batches, step))) throw streamCutError(status, requestId, 'data: [DONE]');

  const out: StreamEvent[] = [];
  const part = reasoning.take();
  if (part) out.push({ type: 'reasoning', part });
  out.push(...finishToolCalls(toolCalls));
  if (usage) out.push({ type: 'usage', usage });
  out.push({ type: 'finish', finishReason: finishReason ?? (toolCalls.size ? 'tool_calls' : 'stop') });
  yield out;
}

/** A non-streaming Chat Completions body → normalized events. */
export function* chatResponseEvents(
  body: unknown,
  context: { status: number; requestId: string | null; origin: ReasoningOrigin; info: ChatResponseInfo; raw: string },
): Generator<StreamEvent> {
  const { status, requestId, info } = context;
  const response = (body && typeof body === 'object' ? body : {}) as Json;
  if (response.error) throw embeddedError(response.error, status, requestId, context.raw);
  const choices = Array.isArray(response.choices) ? (response.choices as Json[]) : null;
  if (!choices) throw notAnApiResponse('The response has no `choices`: not a Chat Completions response.', context);
  info.responseId = str(response.id);
  info.modelServed = str(response.model);
  info.upstreamProvider = str(response.provider);
  const choice = choices[0] ?? {};
  const message = (choice.message ?? {}) as Json;
  const reasoning = new ReasoningCollector(context.origin);
  reasoning.add(message.reasoning, message.reasoning_details);
  const part = reasoning.take();
  if (part) yield { type: 'reasoning', part };
  const text = (str(message.content) ?? '') + (str(message.refusal) ?? '');
  if (text) yield { type: 'text-delta', text };
  const pending = new Map<number, PendingToolCall>();
  (Array.isArray(message.tool_calls) ? (message.tool_calls as Json[]) : []).forEach((call, index) => {
    const fn = (call.function ?? {}) as Json;
    pending.set(index, { id: str(call.id) ?? `call_${index}`, name: str(fn.name) ?? '', args: str(fn.arguments) ?? '' });
  });
  yield* finishToolCalls(pending);
  const usage = usageFromChatCompletions(response.usage);
  if (usage) yield { type: 'usage', usage };
  yield {
    type: 'finish',
    finishReason: choice.finish_reason ? mapChatFinishReason(choice.finish_reason) : pending.size ? 'tool_calls' : 'stop',
  };
}
