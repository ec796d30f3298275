import { ignoresCachePolicy, ignoresCacheTtl, type SettingsRule } from '../core/settings-lint';
import type { ProviderRequest } from '../core/types';
import { isOpenAINonReasoningModel, isOpenAIReasoningModel } from '../openai-chat/model-capabilities';

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

/** The cache policy and TTLs (Anthropic breakpoints) are ignored here. */
export const openAIResponsesSettingsRules: SettingsRule[] = [ignoresCachePolicy, ignoresCacheTtl];
