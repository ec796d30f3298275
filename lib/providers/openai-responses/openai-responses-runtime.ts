import OpenAI from 'openai';
import { FetchCapture } from '../core/capture-fetch';
import { isEventStream, readJsonBody, sseItems } from '../core/response-body';
import { rateLimitHeaders, requestIdFrom } from '../core/retry-after';
import type { AttemptContext, AttemptInfo, ProviderRuntime } from '../core/runtime';
import { toProviderRuntimeError } from '../core/sdk-errors';
import type { ProviderRequest, StreamEvent } from '../core/types';
import { isOpenAINonReasoningModel, isOpenAIReasoningModel } from '../openai-chat/model-capabilities';
import { DEFAULT_STREAM_IDLE_TIMEOUT_MS, DEFAULT_TIMEOUT_MS } from '../openai-compatible/create-chat-runtime';
import { convertToResponsesInput } from './convert-to-responses-input';
import { prepareResponsesTools } from './prepare-responses-tools';
import { responsesBodyEvents, responsesStreamEvents, type ResponsesInfo } from './responses-events';

export function responsesUnsupportedSettings(request: ProviderRequest): string[] {
  const reasoningModel = isOpenAIReasoningModel(request.model);
  const out: string[] = [];
  if (request.stop?.length) out.push('stop');
  if (reasoningModel && request.temperature !== undefined && request.temperature !== 1) out.push('temperature');
  if (reasoningModel && request.topP !== undefined) out.push('topP');
  if (isOpenAINonReasoningModel(request.model) && (request.reasoning?.effort || request.reasoning?.summary)) out.push('reasoning');
  if (request.reasoning?.budgetTokens !== undefined) out.push('reasoning.budgetTokens');
  return out;
}

function buildBody(request: ProviderRequest, context: AttemptContext) {
  const threading = request.threading ?? 'stateless';
  const unsupported = new Set(responsesUnsupportedSettings(request));
  const { instructions, input, previousResponseId } = convertToResponsesInput(request.messages, { origin: context.origin, threading });
  const reasoning = request.reasoning && !unsupported.has('reasoning')
    ? { ...(request.reasoning.effort ? { effort: request.reasoning.effort } : {}), ...(request.reasoning.summary ? { summary: request.reasoning.summary } : {}) }
    : undefined;
  const stateless = threading === 'stateless';
  return {
    model: request.model,
    input,
    ...(instructions ? { instructions } : {}),
    ...prepareResponsesTools(request.tools, request.toolChoice),
    ...(request.tools?.length && request.parallelToolCalls !== undefined ? { parallel_tool_calls: request.parallelToolCalls } : {}),
    ...(request.temperature !== undefined && !unsupported.has('temperature') ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined && !unsupported.has('topP') ? { top_p: request.topP } : {}),
    ...(request.maxOutputTokens !== undefined ? { max_output_tokens: request.maxOutputTokens } : {}),
    ...(reasoning && Object.keys(reasoning).length ? { reasoning } : {}),
    // Stateless: nothing is stored, so reasoning must travel with the conversation, encrypted.
    store: !stateless,
    ...(stateless && reasoning ? { include: ['reasoning.encrypted_content'] } : {}),
    ...(previousResponseId ? { previous_response_id: previousResponseId } : {}),
    stream: context.stream,
  };
}

export const openAIResponsesRuntime: ProviderRuntime = {
  id: 'openai-responses',
  unsupportedSettings: responsesUnsupportedSettings,
  async *attempt(context: AttemptContext): AsyncGenerator<StreamEvent, AttemptInfo> {
    const { config, signal, clock, origin, stream } = context;
    const capture = new FetchCapture(clock);
    const client = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseURL ?? 'https://api.openai.com/v1',
      maxRetries: 0,
      timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      fetch: capture.fetch,
      defaultHeaders: config.headers,
    });
    const errorContext = { capture, streamRequested: stream, signal, streamRejectionMatchers: config.streamFallback?.matchers };
    let response: Response;
    try {
      response = await client.responses
        .create(buildBody(context.request, context) as unknown as OpenAI.Responses.ResponseCreateParams, { signal })
        .asResponse();
    } catch (error) {
      throw toProviderRuntimeError(error, errorContext);
    }
    const requestId = requestIdFrom(response.headers);
    const info: ResponsesInfo = { responseId: null, modelServed: null };
    const gaps: number[] = [];
    const eventContext = { status: response.status, requestId, origin, info };
    try {
      if (stream && isEventStream(response)) {
        yield* responsesStreamEvents(sseItems(response, { clock, gaps }, config.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS), eventContext);
      } else {
        const { json, text } = await readJsonBody(response);
        yield* responsesBodyEvents(json, { ...eventContext, raw: text });
      }
    } catch (error) {
      throw toProviderRuntimeError(error, errorContext);
    }
    return {
      httpStatus: response.status,
      requestId,
      responseId: info.responseId,
      modelServed: info.modelServed,
      upstreamProvider: null,
      rateLimit: rateLimitHeaders(response.headers),
      firstByteAt: capture.last?.firstByteAt ?? null,
      chunkGapsMs: gaps,
    };
  },
};
