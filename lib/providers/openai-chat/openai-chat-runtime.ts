import { createChatRuntime } from '../openai-compatible/create-chat-runtime';
import { openAIChatSettingsRules, openAIChatUnsupportedSettings } from './openai-chat-settings';

export const openAIChatRuntime = createChatRuntime({
  id: 'openai-chat',
  defaultBaseURL: 'https://api.openai.com/v1',
  replayReasoningDetails: false,
  unsupportedSettings: openAIChatUnsupportedSettings,
  settingsRules: openAIChatSettingsRules,
  buildBody(request, stream, unsupported) {
    return {
      ...(request.temperature !== undefined && !unsupported.has('temperature') ? { temperature: request.temperature } : {}),
      ...(request.topP !== undefined && !unsupported.has('topP') ? { top_p: request.topP } : {}),
      ...(request.maxOutputTokens !== undefined ? { max_completion_tokens: request.maxOutputTokens } : {}),
      ...(request.stop?.length ? { stop: request.stop } : {}),
      ...(request.reasoning?.effort && !unsupported.has('reasoning.effort') ? { reasoning_effort: request.reasoning.effort } : {}),
      ...(request.tools?.length && request.parallelToolCalls !== undefined ? { parallel_tool_calls: request.parallelToolCalls } : {}),
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    };
  },
});
