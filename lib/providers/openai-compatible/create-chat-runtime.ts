import OpenAI from 'openai';
import { FetchCapture } from '../core/capture-fetch';
import { DEFAULT_TIMEOUT_MS, runAttempt } from '../core/run-attempt';
import type { AttemptContext, AttemptInfo, ProviderRuntime } from '../core/runtime';
import type { SettingsRule } from '../core/settings-lint';
import type { ProviderRequest, RuntimeId, StreamEvent } from '../core/types';
import { chatResponseEvents, chatStreamEvents } from './chat-completions-events';
import { convertToChatMessages } from './convert-to-chat-messages';
import { prepareChatTools } from './prepare-chat-tools';

export type ChatRuntimeSpec = {
  id: RuntimeId;
  defaultBaseURL: string;
  /** Provider-specific body fields (max tokens name, reasoning, usage accounting). */
  buildBody(request: ProviderRequest, stream: boolean, unsupported: Set<string>): Record<string, unknown>;
  extraHeaders?(context: AttemptContext): Record<string, string>;
  unsupportedSettings(request: ProviderRequest): string[];
  settingsRules: SettingsRule[];
  replayReasoningDetails: boolean;
};

/** An OpenAI-compatible Chat Completions runtime; OpenAI and OpenRouter differ only by their spec. */
export function createChatRuntime(spec: ChatRuntimeSpec): ProviderRuntime {
  return {
    id: spec.id,
    unsupportedSettings: spec.unsupportedSettings,
    settingsRules: spec.settingsRules,
    async *attempt(context: AttemptContext): AsyncGenerator<StreamEvent[], AttemptInfo> {
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
      return yield* runAttempt(context, capture, {
        send: () => client.chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParams, { signal }).asResponse(),
        streamEvents: chatStreamEvents,
        bodyEvents: chatResponseEvents,
      });
    },
  };
}
