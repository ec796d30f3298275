import OpenAI from 'openai';
import type { AttemptContext, ProviderRuntime } from '../core/runtime';
import { createSdkRuntime } from '../core/sdk-runtime';
import type { SettingsRule } from '../core/settings-lint';
import type { ProviderRequest, RuntimeId } from '../core/types';
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
  return createSdkRuntime({
    id: spec.id,
    unsupportedSettings: spec.unsupportedSettings,
    settingsRules: spec.settingsRules,
    defaultBaseURL: spec.defaultBaseURL,
    client: (options) => new OpenAI(options),
    extraHeaders: spec.extraHeaders,
    request(client, context) {
      const { request, stream, signal, origin } = context;
      const unsupported = new Set(spec.unsupportedSettings(request));
      const body = {
        model: request.model,
        messages: convertToChatMessages(request.messages, { origin, replayReasoningDetails: spec.replayReasoningDetails }),
        ...prepareChatTools(request.tools, request.toolChoice),
        ...spec.buildBody(request, stream, unsupported),
        stream,
      };
      return () => client.chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParams, { signal }).asResponse();
    },
    streamEvents: chatStreamEvents,
    bodyEvents: chatResponseEvents,
  });
}
