/**
 * OpenRouter: `POST /openrouter/api/v1/chat/completions`. OpenAI-compatible with OpenRouter's
 * quirks: `: OPENROUTER PROCESSING` comments, `provider` and `native_finish_reason` fields, the
 * role repeated in every delta, `reasoning` + `reasoning_details`, usage with `cost` / `is_byok`
 * (always sent, in a final chunk that still has a choice), errors inside a 200 stream as a chunk
 * with a top-level `error` and `finish_reason: "error"`.
 */
import { anthropicCacheMinimum, type CacheSegment } from '../cache';
import { openrouterError, openrouterProviderError, type ErrorTarget } from '../errors';
import { JSON_TYPE, openrouterHeaders, SSE_TYPE } from '../headers';
import { encryptReasoning, anthropicSignature, decryptReasoning, verifyAnthropicSignature } from '../opaque';
import { contentText, isRecord, json, sse, stable, type RouteContext, type RouteResult } from '../route';
import { argumentFragments, reasoningText, answerDeltas, nextTurn, textDeltas } from '../scripted-model';
import { commentFrame, dataFrame, DONE_FRAME, type Frame } from '../sse';
import type { IssuedReasoningDetails, SimulatorState } from '../state';
import { estimateTokens, reasoningTokensForEffort } from '../tokens';
import { applyBudget, readChatExchange, toolCallTokens, type ChatMessage, type ChatRequest } from './openai-chat';

const PROVIDERS: Array<[string, string]> = [
  ['anthropic/', 'Anthropic'],
  ['openai/', 'OpenAI'],
  ['google/', 'Google'],
  ['x-ai/', 'xAI'],
  ['deepseek/', 'DeepSeek'],
  ['mistralai/', 'Mistral'],
  ['meta-llama/', 'Together'],
  ['qwen/', 'Alibaba'],
];

/** The upstream provider OpenRouter reports for a model slug. */
export function providerName(model: string): string {
  return PROVIDERS.find(([prefix]) => model.startsWith(prefix))?.[1] ?? 'Simulated';
}

const isOpenAIModel = (model: string) => model.startsWith('openai/');

function nativeFinishReason(model: string, finish: string): string {
  if (model.startsWith('anthropic/')) return finish === 'tool_calls' ? 'tool_use' : finish === 'length' ? 'max_tokens' : 'end_turn';
  if (model.startsWith('google/')) return finish === 'length' ? 'MAX_TOKENS' : 'STOP';
  return finish;
}

type Detail = Record<string, unknown>;

/** reasoning_details merged per (type, index), as a client accumulates streamed fragments. */
function mergeDetails(details: unknown): Map<string, { text: string; signature: string; data: string; summary: string }> {
  const merged = new Map<string, { text: string; signature: string; data: string; summary: string }>();
  if (!Array.isArray(details)) return merged;
  for (const detail of details) {
    if (!isRecord(detail)) continue;
    const key = `${String(detail.type)}#${typeof detail.index === 'number' ? detail.index : 0}`;
    const entry = merged.get(key) ?? { text: '', signature: '', data: '', summary: '' };
    if (typeof detail.text === 'string') entry.text += detail.text;
    if (typeof detail.summary === 'string') entry.summary += detail.summary;
    if (typeof detail.signature === 'string' && detail.signature) entry.signature = detail.signature;
    if (typeof detail.data === 'string' && detail.data) entry.data = detail.data;
    merged.set(key, entry);
  }
  return merged;
}

function sameDetails(issued: Detail[], carried: unknown): boolean {
  const expected = mergeDetails(issued);
  const actual = mergeDetails(carried);
  for (const [key, entry] of expected) {
    const other = actual.get(key);
    if (
      !other ||
      other.text !== entry.text ||
      other.signature !== entry.signature ||
      other.data !== entry.data ||
      other.summary !== entry.summary
    ) {
      return false;
    }
  }
  return true;
}

/** The upstream error OpenRouter relays when reasoning is not carried back intact. */
function reasoningRejection(target: ErrorTarget, model: string, index: number, kind: 'missing' | 'tampered', reasoningId: string) {
  const name = providerName(model);
  if (isOpenAIModel(model)) {
    const message =
      kind === 'missing'
        ? `Item with id '${reasoningId}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`
        : 'The encrypted content could not be verified. Reason: Encrypted content could not be decrypted or parsed.';
    const raw = JSON.stringify({
      error: {
        message,
        type: 'invalid_request_error',
        param: kind === 'missing' ? 'input' : null,
        code: kind === 'missing' ? null : 'invalid_encrypted_content',
      },
    });
    return openrouterProviderError(target, 400, name, raw);
  }
  const message =
    kind === 'missing'
      ? `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`tool_use\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`
      : `messages.${index}.content.0: Invalid \`signature\` in \`thinking\` block`;
  return openrouterProviderError(target, 400, name, JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } }));
}

/** Checks carried-back reasoning_details: intact everywhere, and present on the assistant turn of the open tool loop. */
function checkReasoning(request: ChatRequest, state: SimulatorState, target: ErrorTarget) {
  const messages = request.messages.filter((message) => message.role !== 'system' && message.role !== 'developer');
  for (let i = 0; i < messages.length; i += 1) {
    const message = messages[i]!;
    if (message.role !== 'assistant') continue;
    for (const entry of mergeDetails((message as Record<string, unknown>).reasoning_details).values()) {
      if (entry.signature && !verifyAnthropicSignature(entry.text, entry.signature))
        return reasoningRejection(target, request.model, i, 'tampered', '');
      if (entry.data && !decryptReasoning(entry.data)) return reasoningRejection(target, request.model, i, 'tampered', '');
    }
  }
  if (messages[messages.length - 1]?.role !== 'tool') return null;
  let index = messages.length - 1;
  while (index >= 0 && messages[index]!.role === 'tool') index -= 1;
  const assistant: ChatMessage | undefined = messages[index];
  const issued = assistant?.tool_calls
    ?.map((call) => state.openrouterReasoning.get(call.id))
    .find((entry): entry is IssuedReasoningDetails => !!entry);
  if (!assistant || !issued) return null;
  if (!sameDetails(issued.details, (assistant as Record<string, unknown>).reasoning_details)) {
    const reasoningId = String(issued.details.find((detail) => typeof detail.id === 'string')?.id ?? '');
    return reasoningRejection(target, request.model, index, 'missing', reasoningId);
  }
  return null;
}

function cacheSegments(request: ChatRequest): CacheSegment[] | null {
  let any = false;
  const segments: CacheSegment[] = [];
  if (request.tools?.length) segments.push({ text: `<|tools|>${stable(request.tools)}` });
  for (const message of request.messages) {
    segments.push({ text: `<|${message.role}|>` });
    if (Array.isArray(message.content)) {
      for (const part of message.content) {
        const control = isRecord(part) && isRecord(part.cache_control) ? part.cache_control : null;
        if (control) any = true;
        segments.push({ text: contentText([part]), breakpoint: control ? (control.ttl === '1h' ? '1h' : '5m') : undefined });
      }
    } else segments.push({ text: contentText(message.content) });
  }
  return any ? segments : null;
}

/** USD per token: $3 / M input, $15 / M output; cache reads 10%, cache writes 125% of input. */
function cost(input: number, cached: number, written: number, output: number) {
  const round = (value: number) => Number(value.toFixed(9));
  const prompt = round(((input - cached - written) * 3 + cached * 0.3 + written * 3.75) / 1_000_000);
  const completion = round((output * 15) / 1_000_000);
  return { total: round(prompt + completion), prompt, completion };
}

export function handleOpenRouter(context: RouteContext): RouteResult {
  const { state, target } = context;
  const exchange = readChatExchange(context, (error) => openrouterError(target, 400, error.message));
  if ('error' in exchange) return json(exchange.error);
  const { request, conversation } = exchange;
  const rejection = checkReasoning(request, state, target);
  if (rejection) return json(rejection);

  const model = request.model;
  const provider = providerName(model);
  const openaiStyle = isOpenAIModel(model);
  const reasoningParam = isRecord(request.reasoning) ? request.reasoning : null;
  const reasoningOn = (reasoningParam !== null && reasoningParam.enabled !== false) || request.include_reasoning === true;
  const reasoningShown = reasoningOn && reasoningParam?.exclude !== true;

  const turn = nextTurn(conversation.script, context.echoKey);
  const thought = reasoningOn ? reasoningText(conversation.script, turn) : null;
  const reasoningTokens =
    thought === null
      ? 0
      : openaiStyle
        ? reasoningTokensForEffort(typeof reasoningParam?.effort === 'string' ? reasoningParam.effort : 'medium')
        : estimateTokens(thought);
  const maxTokens = request.max_tokens ?? request.max_completion_tokens ?? null;
  const { text, truncated } = applyBudget(turn, maxTokens === null ? null : maxTokens - reasoningTokens);

  const created = Math.floor(Date.now() / 1000);
  const id = state.ids.openrouterGenerationId(created, conversation.hash);
  const calls =
    turn.kind === 'tool_calls'
      ? turn.calls.map((call) => ({
          id: model.startsWith('anthropic/') ? state.ids.anthropicToolUseId(conversation.hash) : state.ids.openaiCallId(conversation.hash),
          name: call.name,
          arguments: JSON.stringify(call.arguments),
        }))
      : [];
  const finishReason = calls.length > 0 ? 'tool_calls' : truncated ? 'length' : 'stop';
  const native = nativeFinishReason(model, finishReason);

  const reasoningId = thought !== null && openaiStyle ? state.ids.responsesId('rs', conversation.hash) : null;
  const format = openaiStyle ? 'openai-responses-v1' : 'anthropic-claude-v1';
  const details: Detail[] =
    thought === null
      ? []
      : openaiStyle
        ? [
            { type: 'reasoning.summary', summary: thought, id: reasoningId, format, index: 0 },
            {
              type: 'reasoning.encrypted',
              data: encryptReasoning({ id: reasoningId ?? '', text: thought }),
              id: reasoningId,
              format,
              index: 1,
            },
          ]
        : [{ type: 'reasoning.text', text: thought, signature: anthropicSignature(thought), format, index: 0 }];
  for (const call of calls) {
    state.toolNames.set(call.id, call.name);
    if (reasoningShown && details.length > 0) state.openrouterReasoning.set(call.id, { details, providerName: provider, model });
  }

  const scope = `openrouter\u0000${model}`;
  const promptTokens = estimateTokens(conversation.canonical);
  const segments = cacheSegments(request);
  let cachedTokens = 0;
  let cacheWriteTokens = 0;
  if (segments) {
    const usage = state.breakpointCache.lookup(scope, segments, anthropicCacheMinimum(model));
    cachedTokens = usage.cacheReadTokens;
    cacheWriteTokens = usage.cacheCreationTokens;
    context.afterDelivery(usage.commit);
  } else if (!model.startsWith('anthropic/')) {
    // Automatic caching (OpenAI and others); Anthropic models cache only with cache_control.
    cachedTokens = state.prefixCache.cachedTokens(scope, conversation.canonical);
    context.afterDelivery(() => state.prefixCache.remember(scope, conversation.canonical));
  }
  cachedTokens = Math.min(cachedTokens, promptTokens);
  cacheWriteTokens = Math.min(cacheWriteTokens, promptTokens - cachedTokens);
  const completionTokens = reasoningTokens + (calls.length > 0 ? toolCallTokens(calls) : estimateTokens(text ?? ''));
  const price = cost(promptTokens, cachedTokens, cacheWriteTokens, completionTokens);
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    cost: price.total,
    is_byok: false,
    prompt_tokens_details: { cached_tokens: cachedTokens, cache_write_tokens: cacheWriteTokens, audio_tokens: 0, video_tokens: 0 },
    cost_details: {
      upstream_inference_cost: price.total,
      upstream_inference_prompt_cost: price.prompt,
      upstream_inference_completions_cost: price.completion,
    },
    completion_tokens_details: { reasoning_tokens: reasoningTokens, image_tokens: 0, audio_tokens: 0 },
  };
  context.chargeQuota({ inputTokens: promptTokens, outputTokens: completionTokens });
  const headerOptions = { requestId: target.requestId, generationId: id };

  if (!request.stream) {
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: calls.length > 0 ? '' : text,
      refusal: null,
      reasoning: reasoningShown ? thought : null,
    };
    if (reasoningShown && details.length > 0) message.reasoning_details = details;
    if (calls.length > 0) {
      message.tool_calls = calls.map((call, index) => ({
        id: call.id,
        type: 'function',
        index,
        function: { name: call.name, arguments: call.arguments },
      }));
    }
    const body = {
      id,
      provider,
      model,
      object: 'chat.completion',
      created,
      choices: [{ logprobs: null, finish_reason: finishReason, native_finish_reason: native, index: 0, message }],
      usage,
    };
    return json({
      status: 200,
      headers: openrouterHeaders({ ...headerOptions, contentType: JSON_TYPE.openrouter }),
      body: JSON.stringify(body),
    });
  }

  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null = null,
    nativeFinish: string | null = null,
    extra: Record<string, unknown> = {},
  ) => ({
    id,
    provider,
    model,
    object: 'chat.completion.chunk',
    created,
    choices: [{ index: 0, delta, finish_reason: finish, native_finish_reason: nativeFinish, logprobs: null }],
    ...extra,
  });
  const quiet = { reasoning: null, reasoning_details: [] };
  const frames: Frame[] = [commentFrame('OPENROUTER PROCESSING', 'head'), commentFrame('OPENROUTER PROCESSING', 'head')];
  if (reasoningShown && thought !== null) {
    for (const piece of textDeltas(thought)) {
      const detail = openaiStyle
        ? { type: 'reasoning.summary', summary: piece, id: reasoningId, format, index: 0 }
        : { type: 'reasoning.text', text: piece, format, index: 0 };
      frames.push(dataFrame(chunk({ role: 'assistant', content: '', reasoning: piece, reasoning_details: [detail] }), 'body', true));
    }
    const closing = openaiStyle ? details[1]! : { type: 'reasoning.text', signature: details[0]!.signature, format, index: 0 };
    frames.push(dataFrame(chunk({ role: 'assistant', content: '', reasoning_details: [closing] }), 'body'));
    frames.push(commentFrame('OPENROUTER PROCESSING', 'body'));
  }
  if (calls.length === 0) {
    for (const piece of answerDeltas(text ?? '', context.echoKey))
      frames.push(dataFrame(chunk({ role: 'assistant', content: piece, ...quiet }), 'body', true));
  } else {
    calls.forEach((call, index) => {
      const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
      frames.push(dataFrame(chunk({ role: 'assistant', content: '', ...quiet, tool_calls: [opening] }), 'body'));
      for (const fragment of argumentFragments(call.arguments)) {
        frames.push(
          dataFrame(
            chunk({ role: 'assistant', content: '', ...quiet, tool_calls: [{ index, function: { arguments: fragment } }] }),
            'body',
            true,
          ),
        );
      }
    });
  }
  frames.push(dataFrame(chunk({ role: 'assistant', content: '', ...quiet }, finishReason, native), 'tail'));
  frames.push(dataFrame(chunk({ role: 'assistant', content: '' }, null, null, { usage }), 'tail'));
  frames.push(DONE_FRAME);

  const errorFrames = () => [
    dataFrame(
      {
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        provider,
        error: { code: 'server_error', message: 'Provider disconnected unexpectedly' },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      },
      'tail',
    ),
  ];
  return sse(openrouterHeaders({ ...headerOptions, contentType: SSE_TYPE.openrouter, stream: true }), frames, errorFrames);
}
