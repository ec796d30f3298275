import OpenAI from 'openai';
import { FetchCapture } from '../core/capture-fetch';
import { isEventStream, readJsonBody, sseItems } from '../core/response-body';
import { rateLimitHeaders, requestIdFrom } from '../core/retry-after';
import type { AttemptContext, AttemptInfo, ProviderRuntime } from '../core/runtime';
import { toProviderRuntimeError } from '../core/sdk-errors';
import type { ProviderRequest, RuntimeId, StreamEvent } from '../core/types';
import { chatResponseEvents, chatStreamEvents, type ChatResponseInfo } from './chat-completions-events';
import { convertToChatMessages } from './convert-to-chat-messages';
import { prepareChatTools } from './prepare-chat-tools';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 5 * 60_000;

export type ChatRuntimeSpec = {
  id: RuntimeId;
  defaultBaseURL: string;
  /** Provider-specific body fields (max tokens name, reasoning, usage accounting). */
  buildBody(request: ProviderRequest, stream: boolean, unsupported: Set<string>): Record<string, unknown>;
  extraHeaders?(context: AttemptContext): Record<string, string>;
  unsupportedSettings(request: ProviderRequest): string[];
  replayReasoningDetails: boolean;
};

/** An OpenAI-compatible Chat Completions runtime; OpenAI and OpenRouter differ only by their spec. */
export function createChatRuntime(spec: ChatRuntimeSpec): ProviderRuntime {
  return {
    id: spec.id,
    unsupportedSettings: spec.unsupportedSettings,
    async *attempt(context: AttemptContext): AsyncGenerator<StreamEvent, AttemptInfo> {
      const { request, stream, config, signal, clock, origin } = context;
      const capture = new FetchCapture(clock);
      const client = new OpenAI({
        apiKey: config.apiKey,
        baseURL: config.baseURL ?? spec.defaultBaseURL,
        maxRetries: 0,
        timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        fetch: capture.fetch,
        defaultHeaders: { ...config.headers, ...spec.extraHeaders?.(context) },
      });
      const unsupported = new Set(spec.unsupportedSettings(request));
      const body = {
        model: request.model,
        messages: convertToChatMessages(request.messages, { origin, replayReasoningDetails: spec.replayReasoningDetails }),
        ...prepareChatTools(request.tools, request.toolChoice),
        ...spec.buildBody(request, stream, unsupported),
        stream,
      };
      const errorContext = { capture, streamRequested: stream, signal, streamRejectionMatchers: config.streamFallback?.matchers };
      let response: Response;
      try {
        response = await client.chat.completions
          .create(body as unknown as OpenAI.Chat.ChatCompletionCreateParams, { signal })
          .asResponse();
      } catch (error) {
        throw toProviderRuntimeError(error, errorContext);
      }
      const requestId = requestIdFrom(response.headers);
      const info: ChatResponseInfo = { responseId: null, modelServed: null, upstreamProvider: null };
      const gaps: number[] = [];
      try {
        if (stream && isEventStream(response)) {
          const items = sseItems(response, { clock, gaps }, config.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS);
          yield* chatStreamEvents(items, { status: response.status, requestId, origin, info });
        } else {
          const { json, text } = await readJsonBody(response);
          yield* chatResponseEvents(json, { status: response.status, requestId, origin, info, raw: text });
        }
      } catch (error) {
        throw toProviderRuntimeError(error, errorContext);
      }
      return {
        httpStatus: response.status,
        requestId,
        responseId: info.responseId,
        modelServed: info.modelServed,
        upstreamProvider: info.upstreamProvider,
        rateLimit: rateLimitHeaders(response.headers),
        firstByteAt: capture.last?.firstByteAt ?? null,
        chunkGapsMs: gaps,
      };
    },
  };
}
