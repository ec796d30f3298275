import { ignoresCachePolicy, ignoresCacheTtl, ignoresPreviousResponseId } from '../core/settings-lint';
import type { ProviderRequest } from '../core/types';
import { isOpenAIReasoningModel } from '../openai-chat/model-capabilities';
import { createChatRuntime } from '../openai-compatible/create-chat-runtime';

/**
 * Settings OpenRouter (or the model behind it) does not accept. They are reported and not sent:
 * grok-4 rejects `stop` and reasoning effort; OpenAI reasoning models reject sampling settings;
 * Anthropic models with reasoning on accept no temperature other than 1.
 */
export function openRouterUnsupportedSettings(request: ProviderRequest): string[] {
  const model = request.model.toLowerCase();
  const out: string[] = [];
  const reasoningOn = !!request.reasoning && (request.reasoning.effort !== undefined || request.reasoning.budgetTokens !== undefined);
  if (/^x-ai\/grok-4/.test(model)) {
    if (request.stop?.length) out.push('stop');
    if (request.reasoning?.effort) out.push('reasoning.effort');
  }
  if (model.startsWith('openai/') && isOpenAIReasoningModel(model)) {
    if (request.temperature !== undefined && request.temperature !== 1) out.push('temperature');
    if (request.topP !== undefined) out.push('topP');
  }
  if (model.startsWith('anthropic/') && reasoningOn) {
    if (request.temperature !== undefined && request.temperature !== 1) out.push('temperature');
    if (request.topP !== undefined) out.push('topP');
  }
  if (request.reasoning?.effort && request.reasoning.budgetTokens !== undefined) out.push('reasoning.effort');
  if (request.reasoning?.summary) out.push('reasoning.summary');
  return out;
}

export const openRouterRuntime = createChatRuntime({
  id: 'openrouter',
  defaultBaseURL: 'https://openrouter.ai/api/v1',
  replayReasoningDetails: true,
  unsupportedSettings: openRouterUnsupportedSettings,
  settingsRules: [ignoresCachePolicy, ignoresCacheTtl, ignoresPreviousResponseId],
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
