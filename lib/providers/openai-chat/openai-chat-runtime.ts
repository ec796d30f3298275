import { ignoresCachePolicy, ignoresCacheTtl, ignoresPreviousResponseId } from '../core/settings-lint';
import type { ProviderRequest } from '../core/types';
import { createChatRuntime } from '../openai-compatible/create-chat-runtime';
import { isOpenAINonReasoningModel, isOpenAIReasoningModel } from './model-capabilities';

export function openAIChatUnsupportedSettings(request: ProviderRequest): string[] {
  const reasoningModel = isOpenAIReasoningModel(request.model);
  const out: string[] = [];
  if (reasoningModel && request.temperature !== undefined && request.temperature !== 1) out.push('temperature');
  if (reasoningModel && request.topP !== undefined) out.push('topP');
  if (isOpenAINonReasoningModel(request.model) && request.reasoning?.effort) out.push('reasoning.effort');
  if (request.reasoning?.budgetTokens !== undefined) out.push('reasoning.budgetTokens');
  if (request.reasoning?.summary) out.push('reasoning.summary');
  return out;
}

export const openAIChatRuntime = createChatRuntime({
  id: 'openai-chat',
  defaultBaseURL: 'https://api.openai.com/v1',
  replayReasoningDetails: false,
  unsupportedSettings: openAIChatUnsupportedSettings,
  settingsRules: [ignoresCachePolicy, ignoresCacheTtl, ignoresPreviousResponseId],
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
