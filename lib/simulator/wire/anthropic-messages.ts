/**
 * Anthropic Messages: `POST /v1/messages` (JSON or SSE with `event:` lines: message_start,
 * content_block_start/delta/stop, ping, message_delta, message_stop) and
 * `POST /v1/messages/count_tokens`. Extended thinking with signed blocks that must come back
 * intact, explicit prompt caching with `cache_control` breakpoints.
 */
import { z } from 'zod';
import { anthropicCacheMinimum, type CacheSegment } from '../cache';
import { anthropicError, type ErrorTarget, type SimResponse } from '../errors';
import { anthropicHeaders, JSON_TYPE, SSE_TYPE } from '../headers';
import { sha256Hex } from '../ids';
import { anthropicSignature, redactedThinkingData, verifyAnthropicSignature, verifyRedactedThinkingData } from '../opaque';
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
import { eventFrame, rawFrame, type Frame } from '../sse';
import type { SimulatorState } from '../state';
import { estimateTokens } from '../tokens';
import { applyBudget } from './openai-chat';

const BlockSchema = z.looseObject({ type: z.string() });
const MessageSchema = z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(BlockSchema)]) });
const CacheControlSchema = z.looseObject({ type: z.string(), ttl: z.string().optional() });

export const MessagesRequestSchema = z.looseObject({
  model: z.string(),
  max_tokens: z.number().int(),
  messages: z.array(MessageSchema),
  system: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]).optional(),
  tools: z.array(z.looseObject({ name: z.string(), type: z.string().optional(), input_schema: z.unknown().optional() })).optional(),
  tool_choice: z
    .looseObject({ type: z.string(), name: z.string().optional(), disable_parallel_tool_use: z.boolean().optional() })
    .optional(),
  thinking: z.looseObject({ type: z.string(), budget_tokens: z.number().int().optional() }).optional(),
  stream: z.boolean().optional(),
  cache_control: CacheControlSchema.optional(),
});

type MessagesRequest = z.infer<typeof MessagesRequestSchema>;
type Block = Record<string, unknown>;

const THINKING_DOCS = 'https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

function parseRequest(body: unknown, target: ErrorTarget): { request: MessagesRequest } | { error: SimResponse } {
  const parsed = MessagesRequestSchema.safeParse(body);
  if (parsed.success) return { request: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue ? issuePath(issue.path, 'dots') : '';
  const message = issue && isMissing(issue) ? `${path}: Field required` : `${path}: ${issue?.message ?? 'Invalid request'}`;
  return { error: anthropicError(target, 400, 'invalid_request_error', message) };
}

function blocksOf(content: string | Block[]): Block[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function thinkingEnabled(request: MessagesRequest): boolean {
  return request.thinking?.type === 'enabled' || request.thinking?.type === 'adaptive';
}

/** The checks the real API makes on thinking settings, tool pairing and carried-back thinking blocks. */
function validate(request: MessagesRequest): string | null {
  const thinking = request.thinking;
  if (thinking?.type === 'enabled') {
    if (thinking.budget_tokens === undefined) return 'thinking.enabled.budget_tokens: Field required';
    if (thinking.budget_tokens < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
    if (request.max_tokens <= thinking.budget_tokens) {
      return `\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at ${THINKING_DOCS}#max-tokens-and-context-window-size`;
    }
  }
  if (thinkingEnabled(request) && (request.tool_choice?.type === 'any' || request.tool_choice?.type === 'tool')) {
    return 'Thinking may not be enabled when tool_choice forces tool use.';
  }
  const messages = request.messages;
  for (let i = 0; i < messages.length; i += 1) {
    const message = messages[i]!;
    const blocks = blocksOf(message.content);
    if (message.role === 'assistant') {
      const toolUseIds = blocks.filter((block) => block.type === 'tool_use').map((block) => String(block.id));
      const next = messages[i + 1];
      if (toolUseIds.length > 0 && next) {
        const results = new Set(
          blocksOf(next.content)
            .filter((block) => block.type === 'tool_result')
            .map((block) => String(block.tool_use_id)),
        );
        const missing = toolUseIds.filter((id) => !results.has(id));
        if (next.role !== 'user' || missing.length > 0) {
          return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
        }
      }
    } else {
      const previous = messages[i - 1];
      const offered = new Set(
        previous?.role === 'assistant'
          ? blocksOf(previous.content)
              .filter((b) => b.type === 'tool_use')
              .map((b) => String(b.id))
          : [],
      );
      for (let j = 0; j < blocks.length; j += 1) {
        const block = blocks[j]!;
        if (block.type === 'tool_result' && !offered.has(String(block.tool_use_id))) {
          return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
      }
    }
  }

  const last = messages[messages.length - 1];
  if (!thinkingEnabled(request)) {
    if (last?.role === 'assistant') {
      const index = blocksOf(last.content).findIndex((block) => block.type === 'thinking' || block.type === 'redacted_thinking');
      if (index >= 0) {
        return `messages.${messages.length - 1}.content.${index}: When thinking is disabled, an \`assistant\` message in the final position cannot contain \`thinking\`. To use thinking blocks, enable \`thinking\` in your request.`;
      }
    }
    return null;
  }

  for (let i = 0; i < messages.length; i += 1) {
    const message = messages[i]!;
    if (message.role !== 'assistant') continue;
    const blocks = blocksOf(message.content);
    for (let j = 0; j < blocks.length; j += 1) {
      const block = blocks[j]!;
      if (block.type === 'thinking') {
        if (block.signature === undefined) return `messages.${i}.content.${j}.thinking.signature: Field required`;
        if (!verifyAnthropicSignature(String(block.thinking ?? ''), block.signature))
          return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
      }
      if (block.type === 'redacted_thinking' && !verifyRedactedThinkingData(block.data)) {
        return `messages.${i}.content.${j}: Invalid \`data\` in \`redacted_thinking\` block`;
      }
    }
  }
  // With thinking on, the assistant turn that opened the current tool loop must start with its thinking.
  if (last?.role === 'user' && blocksOf(last.content).some((block) => block.type === 'tool_result')) {
    const index = messages.length - 2;
    const assistant = messages[index];
    const first = assistant ? blocksOf(assistant.content)[0] : undefined;
    if (assistant && first && first.type !== 'thinking' && first.type !== 'redacted_thinking') {
      return `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at ${THINKING_DOCS}`;
    }
  }
  return null;
}

function toolChoiceOf(choice: MessagesRequest['tool_choice']): ToolChoice {
  if (choice?.type === 'none') return { mode: 'none' };
  if (choice?.type === 'any') return { mode: 'required' };
  if (choice?.type === 'tool' && choice.name) return { mode: 'tool', name: choice.name };
  return { mode: 'auto' };
}

function resultText(content: unknown): string {
  return typeof content === 'string' ? content : contentText(content);
}

function scriptInput(request: MessagesRequest, state: SimulatorState): ScriptInput {
  const names = new Map<string, string>();
  for (const message of request.messages) {
    for (const block of blocksOf(message.content)) if (block.type === 'tool_use') names.set(String(block.id), String(block.name));
  }
  const last = request.messages[request.messages.length - 1];
  const lastResults = last?.role === 'user' ? blocksOf(last.content).filter((block) => block.type === 'tool_result') : [];
  // Tool results come in user messages: the user's text is that of the latest one that has text.
  const lastUserIndex = request.messages.findLastIndex(
    (message) => message.role === 'user' && blocksOf(message.content).some((block) => block.type === 'text'),
  );
  const lastUser = request.messages[lastUserIndex];
  const calls = new Map<string, Record<string, unknown>>();
  const toolHistory: ToolExchange[] = [];
  for (const message of request.messages.slice(lastUserIndex + 1)) {
    for (const block of blocksOf(message.content)) {
      if (block.type === 'tool_use') calls.set(String(block.id), block);
      if (block.type === 'tool_result') {
        const call = calls.get(String(block.tool_use_id));
        toolHistory.push({
          name: call ? String(call.name) : '',
          arguments: call?.input ?? {},
          content: resultText(block.content),
          isError: block.is_error === true,
        });
      }
    }
  }
  const userText = lastUser
    ? blocksOf(lastUser.content)
        .filter((block) => block.type === 'text')
        .map((block) => String(block.text ?? ''))
        .join('\n')
    : '';
  return {
    latestUserText: userText,
    toolResults:
      lastResults.length > 0
        ? lastResults.map((block) => {
            const id = String(block.tool_use_id);
            return { name: names.get(id) ?? state.toolNames.get(id) ?? id, content: resultText(block.content) };
          })
        : null,
    tools: (request.tools ?? [])
      .filter((tool) => tool.type === undefined || tool.type === 'custom')
      .map((tool) => ({ name: tool.name, parameters: tool.input_schema })),
    toolChoice: toolChoiceOf(request.tool_choice),
    singleToolCall: request.tool_choice?.disable_parallel_tool_use === true,
    toolRounds: request.messages.filter(
      (message) => message.role === 'user' && blocksOf(message.content).some((block) => block.type === 'tool_result'),
    ).length,
    model: request.model,
    toolHistory,
  };
}

function withoutCacheControl(value: Record<string, unknown>): Record<string, unknown> {
  const { cache_control: _ignored, ...rest } = value;
  return rest;
}

function breakpointOf(value: unknown): CacheSegment['breakpoint'] {
  if (!isRecord(value) || !isRecord(value.cache_control)) return undefined;
  return value.cache_control.ttl === '1h' ? '1h' : '5m';
}

/** The prompt in cache order (tools, system, messages), one segment per cacheable block. */
export function cacheSegments(request: MessagesRequest): CacheSegment[] {
  const segments: CacheSegment[] = [];
  for (const tool of request.tools ?? [])
    segments.push({ text: `<|tool|>${stable(withoutCacheControl(tool))}`, breakpoint: breakpointOf(tool) });
  if (typeof request.system === 'string') segments.push({ text: `<|system|>${request.system}` });
  else
    for (const block of request.system ?? [])
      segments.push({ text: `<|system|>${String(block.text ?? '')}`, breakpoint: breakpointOf(block) });
  for (const message of request.messages) {
    segments.push({ text: `<|${message.role}|>` });
    if (typeof message.content === 'string') segments.push({ text: message.content });
    else for (const block of message.content) segments.push({ text: stable(withoutCacheControl(block)), breakpoint: breakpointOf(block) });
  }
  const last = segments[segments.length - 1];
  if (request.cache_control && last) last.breakpoint = request.cache_control.ttl === '1h' ? '1h' : '5m';
  return segments;
}

export function handleAnthropicMessages(context: RouteContext): RouteResult {
  const { state, target } = context;
  if (!context.headers['anthropic-version'])
    return json(anthropicError(target, 400, 'invalid_request_error', 'anthropic-version: header is required'));
  const parsed = parseRequest(context.body, target);
  if ('error' in parsed) return json(parsed.error);
  const request = parsed.request;
  const problem = validate(request);
  if (problem) return json(anthropicError(target, 400, 'invalid_request_error', problem));

  const script = scriptInput(request, state);
  const segments = cacheSegments(request);
  const hash = sha256Hex(segments.map((segment) => segment.text).join(''));
  const turn = nextTurn(script, context.echoKey);

  const thinkingText = thinkingEnabled(request) ? reasoningText(script, turn) : null;
  const redacted = thinkingText !== null && /\[\[redacted-thinking\]\]/i.test(script.latestUserText);
  const thinkingTokens = thinkingText === null ? 0 : estimateTokens(thinkingText) + (redacted ? 48 : 0);
  const { text, truncated } = applyBudget(turn, request.max_tokens - thinkingTokens);

  const content: Block[] = [];
  if (thinkingText !== null) content.push({ type: 'thinking', thinking: thinkingText, signature: anthropicSignature(thinkingText) });
  if (redacted) content.push({ type: 'redacted_thinking', data: redactedThinkingData(`${hash}\u0000${thinkingText}`) });
  let outputTokens = thinkingTokens;
  if (turn.kind === 'tool_calls') {
    const names = [...new Set(turn.calls.map((call) => call.name))];
    const preamble = `I'll use the ${names.join(' and ')} tool${names.length > 1 ? 's' : ''}.`;
    content.push({ type: 'text', text: preamble });
    outputTokens += estimateTokens(preamble);
    for (const call of turn.calls) {
      const id = state.ids.anthropicToolUseId(hash);
      state.toolNames.set(id, call.name);
      content.push({ type: 'tool_use', id, name: call.name, input: call.arguments });
      outputTokens += estimateTokens(call.name) + estimateTokens(JSON.stringify(call.arguments)) + 3;
    }
  } else {
    content.push({ type: 'text', text: text ?? '' });
    outputTokens += estimateTokens(text ?? '');
  }
  const stopReason = turn.kind === 'tool_calls' ? 'tool_use' : truncated ? 'max_tokens' : 'end_turn';

  const cache = state.breakpointCache.lookup(`anthropic\u0000${request.model}`, segments, anthropicCacheMinimum(request.model));
  // The prefix counts as written once this response (which reports the write) was delivered.
  context.afterDelivery(cache.commit);
  const inputUsage = {
    input_tokens: cache.inputTokens,
    cache_creation_input_tokens: cache.cacheCreationTokens,
    cache_read_input_tokens: cache.cacheReadTokens,
  };
  const cacheCreation = { ephemeral_5m_input_tokens: cache.creation5mTokens, ephemeral_1h_input_tokens: cache.creation1hTokens };
  const id = state.ids.anthropicMessageId(hash);
  // Anthropic's input-token limit counts uncached input and cache writes, not cache reads.
  context.chargeQuota({ inputTokens: cache.inputTokens + cache.cacheCreationTokens, outputTokens });
  const headerOptions = { requestId: target.requestId, processingMs: context.elapsedMs() };

  if (!request.stream) {
    const body = {
      id,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { ...inputUsage, cache_creation: cacheCreation, output_tokens: outputTokens, service_tier: 'standard' },
    };
    return json({
      status: 200,
      headers: anthropicHeaders({ ...headerOptions, contentType: JSON_TYPE.anthropic }),
      body: JSON.stringify(body),
    });
  }

  const frames: Frame[] = [];
  const emit = (type: string, payload: Record<string, unknown>, phase: Frame['phase'], delta = false) =>
    frames.push(eventFrame(type, { type, ...payload }, phase, delta));
  emit(
    'message_start',
    {
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model: request.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...inputUsage, cache_creation: cacheCreation, output_tokens: 1, service_tier: 'standard' },
      },
    },
    'head',
  );
  content.forEach((block, index) => {
    const start = (contentBlock: Block) =>
      emit('content_block_start', { index, content_block: contentBlock }, index === 0 ? 'head' : 'body');
    const delta = (payload: Block) => emit('content_block_delta', { index, delta: payload }, 'body', true);
    if (block.type === 'thinking') {
      start({ type: 'thinking', thinking: '', signature: '' });
      if (index === 0) frames.push(rawFrame('event: ping\ndata: {"type": "ping"}\n\n', 'head'));
      for (const piece of textDeltas(String(block.thinking), 4)) delta({ type: 'thinking_delta', thinking: piece });
      delta({ type: 'signature_delta', signature: block.signature });
    } else if (block.type === 'redacted_thinking') {
      start(block);
    } else if (block.type === 'text') {
      start({ type: 'text', text: '' });
      if (index === 0) frames.push(rawFrame('event: ping\ndata: {"type": "ping"}\n\n', 'head'));
      for (const piece of answerDeltas(String(block.text), context.echoKey)) delta({ type: 'text_delta', text: piece });
    } else {
      start({ type: 'tool_use', id: block.id, name: block.name, input: {} });
      delta({ type: 'input_json_delta', partial_json: '' });
      for (const fragment of argumentFragments(JSON.stringify(block.input))) delta({ type: 'input_json_delta', partial_json: fragment });
    }
    emit('content_block_stop', { index }, 'body');
  });
  emit(
    'message_delta',
    { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { ...inputUsage, output_tokens: outputTokens } },
    'tail',
  );
  emit('message_stop', {}, 'tail');

  const errorFrames = () => [
    rawFrame('event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n', 'tail'),
  ];
  return sse(anthropicHeaders({ ...headerOptions, contentType: SSE_TYPE.anthropic, stream: true }), frames, errorFrames);
}

/** `POST /v1/messages/count_tokens`. */
export function handleAnthropicCountTokens(context: RouteContext): RouteResult {
  const { target } = context;
  const parsed = MessagesRequestSchema.omit({ max_tokens: true }).safeParse(context.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? issuePath(issue.path, 'dots') : '';
    return json(
      anthropicError(
        target,
        400,
        'invalid_request_error',
        issue && isMissing(issue) ? `${path}: Field required` : `${path}: ${issue?.message ?? 'Invalid request'}`,
      ),
    );
  }
  const total = estimateTokens(
    cacheSegments({ ...parsed.data, max_tokens: 1 })
      .map((segment) => segment.text)
      .join(''),
  );
  return json({
    status: 200,
    headers: anthropicHeaders({ requestId: target.requestId, contentType: JSON_TYPE.anthropic }),
    body: JSON.stringify({ input_tokens: total }),
  });
}
