import { ignoresCachePolicy, ignoresCacheTtl, ignoresPreviousResponseId, type SettingsRule } from '../core/settings-lint';
import type { ProviderRequest } from '../core/types';
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

/** The cache policy and TTLs (Anthropic breakpoints) are ignored here; there is no previous_response_id. */
export const openAIChatSettingsRules: SettingsRule[] = [ignoresCachePolicy, ignoresCacheTtl, ignoresPreviousResponseId];
