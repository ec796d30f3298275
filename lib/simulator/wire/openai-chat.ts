/**
 * OpenAI Chat Completions: `POST /v1/chat/completions`, JSON or SSE (`data:` chunks, optional
 * final usage chunk with `choices: []`, `data: [DONE]`). The request parsing and conversation
 * reading are shared with the OpenRouter route.
 */
import { z } from 'zod';
import { invalidRequest, openaiError, type ErrorTarget, type SimResponse } from '../errors';
import { JSON_TYPE, openaiHeaders, SSE_TYPE } from '../headers';
import { IdFactory, obfuscation, sha256Hex } from '../ids';
import { contentText, isMissing, issuePath, json, sse, stable, type RouteContext, type RouteResult } from '../route';
import {
  argumentFragments,
  answerDeltas,
  nextTurn,
  type ScriptInput,
  type ScriptedTurn,
  type ToolChoice,
  type ToolExchange,
} from '../scripted-model';
import { parseToolArguments } from '../tool-arguments';
import { DONE_FRAME, dataFrame, rawFrame, type Frame } from '../sse';
import type { SimulatorState } from '../state';
import { estimateTokens, reasoningTokensForEffort, truncateToTokens } from '../tokens';

const ToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const MessageSchema = z.looseObject({
  role: z.string(),
  content: z.unknown().optional(),
  tool_calls: z.array(ToolCallSchema).nullable().optional(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
});

const ToolSchema = z.looseObject({
  type: z.string(),
  function: z.looseObject({ name: z.string(), description: z.string().optional(), parameters: z.unknown().optional() }).optional(),
});

export const ChatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(MessageSchema),
  stream: z.boolean().nullable().optional(),
  stream_options: z
    .looseObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() })
    .nullable()
    .optional(),
  tools: z.array(ToolSchema).nullable().optional(),
  tool_choice: z
    .union([z.string(), z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }).optional() })])
    .nullable()
    .optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  max_tokens: z.number().int().nullable().optional(),
  max_completion_tokens: z.number().int().nullable().optional(),
  reasoning_effort: z.string().nullable().optional(),
});

/** The error event OpenAI sends inside a 200 stream (Python-style spacing, as recorded). */
const OPENAI_STREAM_ERROR =
  'data: {"error": {"message": "The server had an error while processing your request. Sorry about that!", "type": "server_error"}}\n\n';

export type ChatRequest = z.infer<typeof ChatRequestSchema>;
export type ChatMessage = z.infer<typeof MessageSchema>;

/** Validates a Chat Completions body; errors in the family's envelope. */
function parseChatRequest(body: unknown, target: ErrorTarget): { request: ChatRequest } | { error: SimResponse } {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && !('model' in body)) {
    return { error: invalidRequest(target, 'you must provide a model parameter') };
  }
  const parsed = ChatRequestSchema.safeParse(body);
  if (parsed.success) return { request: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue ? issuePath(issue.path, 'brackets') : '';
  if (issue && isMissing(issue)) {
    return { error: invalidRequest(target, `Missing required parameter: '${path}'.`, path, 'missing_required_parameter') };
  }
  return { error: invalidRequest(target, `Invalid value for '${path}': ${issue?.message ?? 'invalid request'}.`, path, 'invalid_value') };
}

export type ChatConversation = {
  script: ScriptInput;
  /** Canonical prompt text: token estimates and prefix caching. */
  canonical: string;
  /** Hash of the conversation: the context for deterministic ids. */
  hash: string;
};

function toolChoiceOf(choice: ChatRequest['tool_choice']): ToolChoice {
  if (choice === 'none') return { mode: 'none' };
  if (choice === 'required') return { mode: 'required' };
  if (choice && typeof choice === 'object' && choice.function?.name) return { mode: 'tool', name: choice.function.name };
  return { mode: 'auto' };
}

/** Reads the conversation, checking tool call / tool message pairing as the real API does. */
function readChatConversation(
  request: ChatRequest,
  state: SimulatorState,
): ChatConversation | { error: { message: string; param: string } } {
  const messages = request.messages;
  const names = new Map<string, string>();
  for (let i = 0; i < messages.length; i += 1) {
    const message = messages[i]!;
    if (message.role === 'assistant' && message.tool_calls?.length) {
      const answered = new Set<string>();
      for (let j = i + 1; j < messages.length && messages[j]!.role === 'tool'; j += 1) answered.add(messages[j]!.tool_call_id ?? '');
      const missing = message.tool_calls.filter((call) => !answered.has(call.id)).map((call) => call.id);
      if (missing.length > 0) {
        return {
          error: {
            message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missing.join(', ')}`,
            param: `messages.[${i}].role`,
          },
        };
      }
      for (const call of message.tool_calls) names.set(call.id, call.function.name);
    }
    if (message.role === 'tool') {
      let k = i - 1;
      while (k >= 0 && messages[k]!.role === 'tool') k -= 1;
      const owner = k >= 0 ? messages[k] : undefined;
      if (!owner || owner.role !== 'assistant' || !owner.tool_calls?.some((call) => call.id === message.tool_call_id)) {
        return {
          error: {
            message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
            param: `messages.[${i}].role`,
          },
        };
      }
    }
  }

  const tools = (request.tools ?? [])
    .filter((tool) => tool.type === 'function' && tool.function)
    .map((tool) => ({ name: tool.function!.name, parameters: tool.function!.parameters }));

  let toolResults: ScriptInput['toolResults'] = null;
  if (messages[messages.length - 1]?.role === 'tool') {
    let start = messages.length - 1;
    while (start > 0 && messages[start - 1]!.role === 'tool') start -= 1;
    toolResults = messages.slice(start).map((message) => {
      const id = message.tool_call_id ?? '';
      return { name: names.get(id) ?? state.toolNames.get(id) ?? id, content: contentText(message.content) };
    });
  }
  const lastUserIndex = messages.map((message) => message.role).lastIndexOf('user');
  const lastUser = messages[lastUserIndex];
  const toolHistory: ToolExchange[] = [];
  const calls = new Map<string, { name: string; arguments: Record<string, unknown> }>();
  for (const message of messages.slice(lastUserIndex + 1)) {
    for (const call of message.tool_calls ?? [])
      calls.set(call.id, { name: call.function.name, arguments: parseToolArguments(call.function.arguments) });
    if (message.role === 'tool') {
      const call = calls.get(message.tool_call_id ?? '');
      toolHistory.push({ name: call?.name ?? '', arguments: call?.arguments ?? {}, content: contentText(message.content), isError: false });
    }
  }

  const segments: string[] = [];
  if (tools.length > 0) segments.push(`<|tools|>${stable(request.tools)}`);
  for (const message of messages) {
    let segment = `<|${message.role}|>${contentText(message.content)}`;
    if (message.tool_calls?.length)
      segment += stable(message.tool_calls.map((call) => [call.id, call.function.name, call.function.arguments]));
    if (message.tool_call_id) segment += `<|${message.tool_call_id}|>`;
    segments.push(segment);
  }
  const canonical = segments.join('\n');
  return {
    script: {
      latestUserText: lastUser ? contentText(lastUser.content) : '',
      toolResults,
      tools,
      toolChoice: toolChoiceOf(request.tool_choice),
      singleToolCall: request.parallel_tool_calls === false,
      toolRounds: messages.filter((message) => message.role === 'assistant' && message.tool_calls?.length).length,
      model: request.model,
      toolHistory,
    },
    canonical,
    hash: sha256Hex(canonical),
  };
}

/**
 * A Chat Completions request validated and its conversation read, or the error to answer with:
 * `refuse` puts a conversation error in the route's own envelope.
 */
export function readChatExchange(
  context: RouteContext,
  refuse: (error: { message: string; param: string }) => SimResponse,
): { request: ChatRequest; conversation: ChatConversation } | { error: SimResponse } {
  const parsed = parseChatRequest(context.body, context.target);
  if ('error' in parsed) return parsed;
  const conversation = readChatConversation(parsed.request, context.state);
  if ('error' in conversation) return { error: refuse(conversation.error) };
  return { request: parsed.request, conversation };
}

/** Token estimate for a set of tool calls. */
export function toolCallTokens(calls: Array<{ name: string; arguments: string }>): number {
  return calls.reduce((sum, call) => sum + estimateTokens(call.name) + estimateTokens(call.arguments) + 3, 0);
}

export type RenderedCall = { id: string; name: string; arguments: string };

/** The visible result of a turn after applying the output budget. */
export function applyBudget(turn: ScriptedTurn, budget: number | null): { text: string | null; truncated: boolean } {
  if (turn.kind !== 'text') return { text: null, truncated: false };
  if (budget === null) return { text: turn.text, truncated: false };
  return truncateToTokens(turn.text, Math.max(0, budget));
}

export function handleOpenAIChat(context: RouteContext): RouteResult {
  const { state, target } = context;
  const exchange = readChatExchange(context, (error) => openaiError(target, 400, error.message, 'invalid_request_error', error.param));
  if ('error' in exchange) return json(exchange.error);
  const { request, conversation } = exchange;

  const turn = nextTurn(conversation.script, context.echoKey);
  const reasoningTokens = request.reasoning_effort ? reasoningTokensForEffort(request.reasoning_effort) : 0;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? null;
  const { text, truncated } = applyBudget(turn, maxTokens === null ? null : maxTokens - reasoningTokens);
  const calls: RenderedCall[] =
    turn.kind === 'tool_calls'
      ? turn.calls.map((call) => ({
          id: state.ids.openaiCallId(conversation.hash),
          name: call.name,
          arguments: JSON.stringify(call.arguments),
        }))
      : [];
  for (const call of calls) state.toolNames.set(call.id, call.name);
  const finishReason = calls.length > 0 ? 'tool_calls' : truncated ? 'length' : 'stop';

  const scope = `openai-chat\u0000${request.model}`;
  const promptTokens = estimateTokens(conversation.canonical);
  const cachedTokens = state.prefixCache.cachedTokens(scope, conversation.canonical);
  context.afterDelivery(() => state.prefixCache.remember(scope, conversation.canonical));
  const completionTokens = reasoningTokens + (calls.length > 0 ? toolCallTokens(calls) : estimateTokens(text ?? ''));
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };

  const id = state.ids.chatCompletionId(conversation.hash);
  const created = Math.floor(Date.now() / 1000);
  const model = request.model;
  const fingerprint = IdFactory.fingerprint(model);
  context.chargeQuota({ inputTokens: promptTokens, outputTokens: completionTokens });
  const headerOptions = { requestId: target.requestId, processingMs: context.elapsedMs() };

  if (!request.stream) {
    const message: Record<string, unknown> = { role: 'assistant', content: text };
    if (calls.length > 0) {
      message.tool_calls = calls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      }));
    }
    message.refusal = null;
    message.annotations = [];
    const body = {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage,
      service_tier: 'default',
      system_fingerprint: fingerprint,
    };
    const response: SimResponse = {
      status: 200,
      headers: openaiHeaders({ ...headerOptions, contentType: JSON_TYPE.openai }),
      body: `${JSON.stringify(body, null, 2)}\n`,
    };
    return json(response);
  }

  const withObfuscation = request.stream_options?.include_obfuscation !== false;
  let sequence = 0;
  const chunk = (choices: unknown[], chunkUsage: unknown = null) => {
    sequence += 1;
    return {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      service_tier: 'default',
      system_fingerprint: fingerprint,
      choices,
      usage: chunkUsage,
      ...(withObfuscation ? { obfuscation: obfuscation(`${id}\u0000${sequence}`) } : {}),
    };
  };
  const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });

  const frames: Frame[] = [];
  if (calls.length === 0) {
    frames.push(dataFrame(chunk([choice({ role: 'assistant', content: '', refusal: null })]), 'head'));
    for (const delta of answerDeltas(text ?? '', context.echoKey))
      frames.push(dataFrame(chunk([choice({ content: delta })]), 'body', true));
  } else {
    calls.forEach((call, index) => {
      const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
      const delta = index === 0 ? { role: 'assistant', content: null, tool_calls: [opening] } : { tool_calls: [opening] };
      frames.push(dataFrame(chunk([choice(delta)]), index === 0 ? 'head' : 'body'));
      for (const fragment of argumentFragments(call.arguments)) {
        frames.push(dataFrame(chunk([choice({ tool_calls: [{ index, function: { arguments: fragment } }] })]), 'body', true));
      }
    });
  }
  frames.push(dataFrame(chunk([choice({}, finishReason)]), 'tail'));
  if (request.stream_options?.include_usage) frames.push(dataFrame(chunk([], usage), 'tail'));
  frames.push(DONE_FRAME);

  const errorFrames = () => [rawFrame(OPENAI_STREAM_ERROR, 'tail')];
  return sse(openaiHeaders({ ...headerOptions, contentType: SSE_TYPE.openai }), frames, errorFrames);
}
