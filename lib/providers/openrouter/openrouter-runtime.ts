import { createChatRuntime } from '../openai-compatible/create-chat-runtime';
import { openRouterSettingsRules, openRouterUnsupportedSettings } from './openrouter-settings';

export const openRouterRuntime = createChatRuntime({
  id: 'openrouter',
  defaultBaseURL: 'https://openrouter.ai/api/v1',
  replayReasoningDetails: true,
  unsupportedSettings: openRouterUnsupportedSettings,
  settingsRules: openRouterSettingsRules,
  extraHeaders({ config }) {
    return {
      'HTTP-Referer': config.openrouter?.referer ?? 'http://localhost:3000',
      'X-Title': config.openrouter?.title ?? 'Switchboard',
    };
  },
  buildBody(request, _stream, unsupported) {
    const reasoning = request.reasoning;
    const reasoningParam =
      reasoning?.budgetTokens !== undefined
        ? { max_tokens: reasoning.budgetTokens }
        : reasoning?.effort && !unsupported.has('reasoning.effort')
          ? { effort: reasoning.effort }
          : undefined;
    return {
      ...(request.temperature !== undefined && !unsupported.has('temperature') ? { temperature: request.temperature } : {}),
      ...(request.topP !== undefined && !unsupported.has('topP') ? { top_p: request.topP } : {}),
      ...(request.maxOutputTokens !== undefined ? { max_tokens: request.maxOutputTokens } : {}),
      ...(request.stop?.length && !unsupported.has('stop') ? { stop: request.stop } : {}),
      ...(reasoningParam ? { reasoning: reasoningParam } : {}),
      ...(request.tools?.length && request.parallelToolCalls !== undefined ? { parallel_tool_calls: request.parallelToolCalls } : {}),
      // Usage accounting: token counts with cached tokens and the cost in USD.
      usage: { include: true },
    };
  },
});
