/**
 * OpenAI Responses: `POST /v1/responses` (JSON or SSE with `event:` lines and `sequence_number`,
 * no `[DONE]`), `GET /v1/responses/:id`. Stores responses for `previous_response_id` (unless
 * `store: false`) and checks carried-back reasoning items the way the real API does.
 */
import { z } from 'zod';
import { invalidRequest, openaiError, type ErrorTarget, type SimResponse } from '../errors';
import { JSON_TYPE, openaiHeaders, SSE_TYPE } from '../headers';
import { obfuscation, sha256Hex } from '../ids';
import { decryptReasoning, encryptReasoning } from '../opaque';
import { contentText, isMissing, isRecord, issuePath, json, sse, stable, type RouteContext, type RouteResult } from '../route';
import {
  argumentFragments,
  reasoningText,
  answerDeltas,
  nextTurn,
  textDeltas,
  type ScriptInput,
  type ToolChoice,
  type ToolExchange,
} from '../scripted-model';
import { parseToolArguments } from '../tool-arguments';
import { eventFrame, type Frame } from '../sse';
import type { SimulatorState } from '../state';
import { estimateTokens, reasoningTokensForEffort } from '../tokens';
import { applyBudget, toolCallTokens } from './openai-chat';

const ToolSchema = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  description: z.string().nullable().optional(),
  parameters: z.unknown().optional(),
  strict: z.boolean().nullable().optional(),
});

export const ResponsesRequestSchema = z.looseObject({
  model: z.string(),
  input: z.union([z.string(), z.array(z.unknown())]).optional(),
  instructions: z.string().nullable().optional(),
  tools: z.array(ToolSchema).nullable().optional(),
  tool_choice: z
    .union([z.string(), z.looseObject({ type: z.string(), name: z.string().optional() })])
    .nullable()
    .optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  max_output_tokens: z.number().int().nullable().optional(),
  reasoning: z.looseObject({ effort: z.string().nullable().optional(), summary: z.string().nullable().optional() }).nullable().optional(),
  include: z.array(z.string()).nullable().optional(),
  store: z.boolean().nullable().optional(),
  previous_response_id: z.string().nullable().optional(),
  stream: z.boolean().nullable().optional(),
  temperature: z.number().nullable().optional(),
  top_p: z.number().nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  text: z.unknown().optional(),
  prompt_cache_key: z.string().nullable().optional(),
  truncation: z.string().nullable().optional(),
});

type ResponsesRequest = z.infer<typeof ResponsesRequestSchema>;
type Item = Record<string, unknown>;

const NOT_PERSISTED = (id: string) =>
  `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`;

const FAILED_MESSAGE = (requestId: string) =>
  `An error occurred while processing your request. You can retry your request, or contact us through our help center at help.openai.com if the error persists. Please include the request ID ${requestId} in your message.`;

function parseRequest(body: unknown, target: ErrorTarget): { request: ResponsesRequest } | { error: SimResponse } {
  const parsed = ResponsesRequestSchema.safeParse(body);
  if (parsed.success) return { request: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue ? issuePath(issue.path, 'brackets') : '';
  if (issue && isMissing(issue))
    return { error: invalidRequest(target, `Missing required parameter: '${path}'.`, path, 'missing_required_parameter') };
  return { error: invalidRequest(target, `Invalid value for '${path}': ${issue?.message ?? 'invalid request'}.`, path, 'invalid_value') };
}

/** Input items in their canonical shape: bare `{role, content}` messages become `type: "message"`. */
function inputItems(input: ResponsesRequest['input']): Item[] {
  if (input === undefined) return [];
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return input
    .filter(isRecord)
    .map((item) => (item.type === undefined && typeof item.role === 'string' ? { type: 'message', ...item } : item));
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function outputText(value: unknown): string {
  return typeof value === 'string' ? value : contentText(value);
}

function summaryText(item: Item): string {
  return Array.isArray(item.summary) ? contentText(item.summary) : '';
}

type Resolved = { items: Item[] } | { error: SimResponse };

/**
 * The full conversation (stored turns of `previous_response_id`, then this input), checked as
 * the real API checks it: item references, encrypted reasoning, reasoning/call pairing, and
 * call/output pairing.
 */
function resolveConversation(request: ResponsesRequest, state: SimulatorState, target: ErrorTarget): Resolved {
  const notFound = (id: string) => ({ error: openaiError(target, 404, NOT_PERSISTED(id), 'invalid_request_error', 'input') });
  const badInput = (message: string) => ({ error: openaiError(target, 400, message, 'invalid_request_error', 'input') });
  const items: Item[] = [];
  const seenReasoning = new Set<string>();
  if (request.previous_response_id) {
    const previous = state.responses.get(request.previous_response_id);
    if (!previous) {
      return {
        error: openaiError(
          target,
          400,
          `Previous response with id '${request.previous_response_id}' not found.`,
          'invalid_request_error',
          'previous_response_id',
          'previous_response_not_found',
        ),
      };
    }
    for (const item of previous.conversation) {
      if (item.type === 'reasoning') seenReasoning.add(str(item.id));
      items.push(item);
    }
  }

  for (let item of inputItems(request.input)) {
    if (item.type === 'item_reference') {
      const stored = state.storedItems.get(str(item.id));
      if (!stored) return notFound(str(item.id));
      item = stored;
    }
    if (item.type === 'reasoning') {
      const id = str(item.id);
      if (typeof item.encrypted_content === 'string' && item.encrypted_content) {
        const decrypted = decryptReasoning(item.encrypted_content);
        if (!decrypted) {
          const blob = item.encrypted_content;
          return {
            error: openaiError(
              target,
              400,
              `The encrypted content ${blob.slice(0, 4)}...${blob.slice(-4)} could not be verified. Reason: Encrypted content could not be decrypted or parsed.`,
              'invalid_request_error',
              null,
              'invalid_encrypted_content',
            ),
          };
        }
        seenReasoning.add(decrypted.id);
      } else if (!state.storedItems.has(id)) {
        return notFound(id);
      }
      seenReasoning.add(id);
    }
    if (item.type === 'function_call') {
      const issued = state.issuedCalls.get(str(item.call_id));
      if (issued?.reasoningId && !seenReasoning.has(issued.reasoningId)) {
        if (typeof item.id === 'string' && item.id) {
          return badInput(
            `Item '${item.id}' of type 'function_call' was provided without its required 'reasoning' item: '${issued.reasoningId}'.`,
          );
        }
        if (request.store === false && issued.encrypted) return notFound(issued.reasoningId);
      }
    }
    if (item.type === 'message' && item.role === 'assistant' && typeof item.id === 'string') {
      const reasoningId = state.issuedMessages.get(item.id);
      if (reasoningId && !seenReasoning.has(reasoningId)) {
        return badInput(`Item '${item.id}' of type 'message' was provided without its required 'reasoning' item: '${reasoningId}'.`);
      }
    }
    if (item.type === 'function_call_output') {
      const callId = str(item.call_id);
      if (!items.some((earlier) => earlier.type === 'function_call' && earlier.call_id === callId)) {
        return badInput(`No tool call found for function call output with call_id ${callId}.`);
      }
    }
    items.push(item);
  }

  const answered = new Set(items.filter((item) => item.type === 'function_call_output').map((item) => str(item.call_id)));
  const unanswered = items.find((item) => item.type === 'function_call' && !answered.has(str(item.call_id)));
  if (unanswered) {
    return badInput(`No tool output found for function call ${str(unanswered.call_id)}.`);
  }
  return { items };
}

function toolChoiceOf(choice: ResponsesRequest['tool_choice']): ToolChoice {
  if (choice === 'none') return { mode: 'none' };
  if (choice === 'required') return { mode: 'required' };
  if (choice && typeof choice === 'object' && choice.type === 'function' && choice.name) return { mode: 'tool', name: choice.name };
  return { mode: 'auto' };
}

function scriptInput(request: ResponsesRequest, items: Item[], state: SimulatorState): ScriptInput {
  const names = new Map<string, string>();
  for (const item of items) if (item.type === 'function_call') names.set(str(item.call_id), str(item.name));
  let toolResults: ScriptInput['toolResults'] = null;
  if (items[items.length - 1]?.type === 'function_call_output') {
    let start = items.length - 1;
    while (start > 0 && items[start - 1]!.type === 'function_call_output') start -= 1;
    toolResults = items.slice(start).map((item) => {
      const callId = str(item.call_id);
      return { name: names.get(callId) ?? state.toolNames.get(callId) ?? callId, content: outputText(item.output) };
    });
  }
  const lastUserIndex = items.findLastIndex((item) => item.type === 'message' && item.role === 'user');
  const lastUser = items[lastUserIndex];
  const calls = new Map<string, Item>();
  const toolHistory: ToolExchange[] = [];
  for (const item of items.slice(lastUserIndex + 1)) {
    if (item.type === 'function_call') calls.set(str(item.call_id), item);
    if (item.type === 'function_call_output') {
      const call = calls.get(str(item.call_id));
      toolHistory.push({
        name: call ? str(call.name) : '',
        arguments: call ? parseToolArguments(str(call.arguments)) : {},
        content: outputText(item.output),
        isError: false,
      });
    }
  }
  return {
    latestUserText: lastUser ? outputText(lastUser.content) : '',
    toolResults,
    tools: (request.tools ?? [])
      .filter((tool) => tool.type === 'function' && tool.name)
      .map((tool) => ({ name: tool.name!, parameters: tool.parameters })),
    toolChoice: toolChoiceOf(request.tool_choice),
    singleToolCall: request.parallel_tool_calls === false,
    toolRounds: items.filter((item, index) => item.type === 'function_call_output' && items[index - 1]?.type !== 'function_call_output')
      .length,
    model: request.model,
    toolHistory,
  };
}

function canonicalPrompt(request: ResponsesRequest, items: Item[]): string {
  const segments: string[] = [];
  if (request.tools?.length) segments.push(`<|tools|>${stable(request.tools)}`);
  if (request.instructions) segments.push(`<|developer|>${request.instructions}`);
  for (const item of items) {
    if (item.type === 'message') segments.push(`<|${str(item.role)}|>${outputText(item.content)}`);
    else if (item.type === 'function_call') segments.push(`<|function_call|>${str(item.name)}${str(item.arguments)}`);
    else if (item.type === 'function_call_output') segments.push(`<|function_call_output|>${outputText(item.output)}`);
    else if (item.type === 'reasoning') segments.push(`<|reasoning|>${summaryText(item)}`);
    else segments.push(`<|${str(item.type)}|>${stable(item)}`);
  }
  return segments.join('\n');
}

export function handleOpenAIResponses(context: RouteContext): RouteResult {
  const { state, target } = context;
  const parsed = parseRequest(context.body, target);
  if ('error' in parsed) return json(parsed.error);
  const request = parsed.request;
  const resolved = resolveConversation(request, state, target);
  if ('error' in resolved) return json(resolved.error);
  const items = resolved.items;
  const script = scriptInput(request, items, state);
  const canonical = canonicalPrompt(request, items);
  const hash = sha256Hex(canonical);

  const turn = nextTurn(script, context.echoKey);
  const reasoningRequested = isRecord(request.reasoning);
  const effort = request.reasoning?.effort ?? 'medium';
  const summaryMode = request.reasoning?.summary ?? null;
  const includeEncrypted = request.include?.includes('reasoning.encrypted_content') ?? false;
  const reasoningTokens = reasoningRequested ? reasoningTokensForEffort(effort) : 0;
  const budget = request.max_output_tokens == null ? null : request.max_output_tokens - reasoningTokens;
  const outOfBudget = budget !== null && budget <= 0;
  const { text, truncated } = applyBudget(turn, budget);
  const incomplete = outOfBudget || truncated;

  const responseId = state.ids.responsesId('resp', hash);
  const createdAt = Math.floor(Date.now() / 1000);
  const reasoningId = reasoningRequested ? state.ids.responsesId('rs', hash) : null;
  const summary = reasoningRequested && summaryMode ? reasoningText(script, turn) : null;
  const reasoningItem = (variant: number, withSummary: boolean): Item => ({
    id: reasoningId,
    type: 'reasoning',
    ...(includeEncrypted ? { encrypted_content: encryptReasoning({ id: reasoningId ?? '', text: summary ?? '' }, variant) } : {}),
    summary: withSummary && summary ? [{ type: 'summary_text', text: summary }] : [],
  });

  const messageId = !outOfBudget && turn.kind === 'text' ? state.ids.responsesId('msg', hash) : null;
  const messageItem = (status: string, finalText: string | null): Item => ({
    id: messageId,
    type: 'message',
    status,
    content: finalText === null ? [] : [{ type: 'output_text', annotations: [], logprobs: [], text: finalText }],
    role: 'assistant',
  });
  const calls =
    !outOfBudget && turn.kind === 'tool_calls'
      ? turn.calls.map((call) => ({
          itemId: state.ids.responsesId('fc', hash),
          callId: state.ids.openaiCallId(hash),
          name: call.name,
          arguments: JSON.stringify(call.arguments),
        }))
      : [];
  const callItem = (call: (typeof calls)[number], status: string, args: string): Item => ({
    id: call.itemId,
    type: 'function_call',
    status,
    arguments: args,
    call_id: call.callId,
    name: call.name,
  });

  const finalOutput: Item[] = [];
  if (reasoningId) finalOutput.push(reasoningItem(3, true));
  if (messageId) finalOutput.push(messageItem(truncated ? 'incomplete' : 'completed', text ?? ''));
  for (const call of calls) finalOutput.push(callItem(call, 'completed', call.arguments));

  for (const call of calls) {
    state.issuedCalls.set(call.callId, { name: call.name, itemId: call.itemId, reasoningId, encrypted: includeEncrypted });
    state.toolNames.set(call.callId, call.name);
  }
  if (messageId) state.issuedMessages.set(messageId, reasoningId);

  const scope = `openai-responses\u0000${request.model}`;
  const inputTokens = estimateTokens(canonical);
  const cachedTokens = state.prefixCache.cachedTokens(scope, canonical);
  context.afterDelivery(() => state.prefixCache.remember(scope, canonical));
  const outputTokens = reasoningTokens + (calls.length > 0 ? toolCallTokens(calls) : estimateTokens(text ?? ''));
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cachedTokens },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };

  const responseObject = (status: string, output: Item[], extra: { usage: unknown; serviceTier: string; error?: unknown }): Item => ({
    id: responseId,
    object: 'response',
    created_at: createdAt,
    status,
    background: false,
    error: extra.error ?? null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: null,
    model: request.model,
    output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    prompt_cache_retention: null,
    reasoning: { effort: reasoningRequested ? effort : null, summary: summaryMode },
    safety_identifier: null,
    service_tier: extra.serviceTier,
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: request.text ?? { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools: (request.tools ?? []).map((tool) =>
      tool.type === 'function'
        ? {
            type: 'function',
            description: tool.description ?? null,
            name: tool.name,
            parameters: tool.parameters ?? null,
            strict: tool.strict ?? true,
          }
        : tool,
    ),
    top_logprobs: 0,
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: extra.usage,
    user: null,
    metadata: request.metadata ?? {},
  });
  const finalStatus = incomplete ? 'incomplete' : 'completed';
  const finalResponse = responseObject(finalStatus, finalOutput, { usage, serviceTier: 'default' });

  if (request.store !== false && context.willComplete) {
    state.responses.set(responseId, { response: finalResponse, conversation: [...items, ...finalOutput] });
    for (const item of finalOutput) state.storedItems.set(str(item.id), item);
  }

  context.chargeQuota({ inputTokens, outputTokens });
  const headerOptions = { requestId: target.requestId, processingMs: context.elapsedMs() };
  if (!request.stream) {
    return json({
      status: 200,
      headers: openaiHeaders({ ...headerOptions, contentType: JSON_TYPE.openai }),
      body: `${JSON.stringify(finalResponse, null, 2)}\n`,
    });
  }

  const frames: Frame[] = [];
  const emit = (type: string, fields: Record<string, unknown>, phase: Frame['phase'], delta = false) => {
    frames.push(eventFrame(type, { type, sequence_number: frames.length, ...fields }, phase, delta));
  };
  const inProgress = responseObject('in_progress', [], { usage: null, serviceTier: 'auto' });
  emit('response.created', { response: inProgress }, 'head');
  emit('response.in_progress', { response: inProgress }, 'head');

  let outputIndex = 0;
  if (reasoningId) {
    const index = outputIndex++;
    emit('response.output_item.added', { output_index: index, item: reasoningItem(1, false) }, 'head');
    if (summary) {
      const base = { item_id: reasoningId, output_index: index, summary_index: 0 };
      emit('response.reasoning_summary_part.added', { ...base, part: { type: 'summary_text', text: '' } }, 'body');
      for (const delta of textDeltas(summary, 2)) {
        emit(
          'response.reasoning_summary_text.delta',
          { ...base, delta, obfuscation: obfuscation(`${reasoningId}\u0000${frames.length}`) },
          'body',
          true,
        );
      }
      emit('response.reasoning_summary_text.done', { ...base, text: summary }, 'body');
      emit('response.reasoning_summary_part.done', { ...base, part: { type: 'summary_text', text: summary } }, 'body');
    }
    emit('response.output_item.done', { output_index: index, item: reasoningItem(2, true) }, 'body');
  }
  if (messageId) {
    const index = outputIndex++;
    const base = { item_id: messageId, output_index: index, content_index: 0 };
    const finalText = text ?? '';
    emit('response.output_item.added', { output_index: index, item: messageItem('in_progress', null) }, 'body');
    emit('response.content_part.added', { ...base, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } }, 'body');
    for (const delta of answerDeltas(finalText, context.echoKey)) {
      emit(
        'response.output_text.delta',
        { ...base, delta, logprobs: [], obfuscation: obfuscation(`${messageId}\u0000${frames.length}`) },
        'body',
        true,
      );
    }
    emit('response.output_text.done', { ...base, text: finalText, logprobs: [] }, 'body');
    emit('response.content_part.done', { ...base, part: { type: 'output_text', annotations: [], logprobs: [], text: finalText } }, 'body');
    emit(
      'response.output_item.done',
      { output_index: index, item: messageItem(truncated ? 'incomplete' : 'completed', finalText) },
      'body',
    );
  }
  for (const call of calls) {
    const index = outputIndex++;
    emit('response.output_item.added', { output_index: index, item: callItem(call, 'in_progress', '') }, 'body');
    for (const delta of argumentFragments(call.arguments)) {
      emit(
        'response.function_call_arguments.delta',
        { item_id: call.itemId, output_index: index, delta, obfuscation: obfuscation(`${call.itemId}\u0000${frames.length}`) },
        'body',
        true,
      );
    }
    emit('response.function_call_arguments.done', { item_id: call.itemId, output_index: index, arguments: call.arguments }, 'body');
    emit('response.output_item.done', { output_index: index, item: callItem(call, 'completed', call.arguments) }, 'body');
  }
  emit(incomplete ? 'response.incomplete' : 'response.completed', { response: finalResponse }, 'tail');

  const errorFrames = (framesWritten: number): Frame[] => {
    const failed = responseObject('failed', [], {
      usage: null,
      serviceTier: 'default',
      error: { code: 'server_error', message: FAILED_MESSAGE(target.requestId) },
    });
    return [eventFrame('response.failed', { type: 'response.failed', sequence_number: framesWritten, response: failed }, 'tail')];
  };
  return sse(openaiHeaders({ ...headerOptions, contentType: SSE_TYPE.openai }), frames, errorFrames);
}

/** `GET /v1/responses/:id`. */
export function getStoredResponse(context: RouteContext, id: string): RouteResult {
  const { target } = context;
  const stored = context.state.responses.get(id);
  if (!stored) return json(openaiError(target, 404, `Response with id '${id}' not found.`, 'invalid_request_error'));
  return json({
    status: 200,
    headers: openaiHeaders({ requestId: target.requestId, contentType: JSON_TYPE.openai, processingMs: context.elapsedMs() }),
    body: `${JSON.stringify(stored.response, null, 2)}\n`,
  });
}
