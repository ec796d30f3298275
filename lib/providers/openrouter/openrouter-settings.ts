import { ignoresCachePolicy, ignoresCacheTtl, ignoresPreviousResponseId, type SettingsRule } from '../core/settings-lint';
import type { ProviderRequest } from '../core/types';
import { isOpenAIReasoningModel } from '../openai-chat/model-capabilities';

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

/** The cache policy and TTLs (Anthropic breakpoints) are ignored here; there is no previous_response_id. */
export const openRouterSettingsRules: SettingsRule[] = [ignoresCachePolicy, ignoresCacheTtl, ignoresPreviousResponseId];
