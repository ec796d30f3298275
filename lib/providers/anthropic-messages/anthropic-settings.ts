import { ignoresPreviousResponseId, type SettingsRule } from '../core/settings-lint';
import type { ProviderRequest, ReasoningEffort } from '../core/types';

export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;
const MIN_THINKING_BUDGET = 1024;

const EFFORT_BUDGET: Record<ReasoningEffort, number> = { minimal: 1024, low: 2048, medium: 8192, high: 16_384 };

export function thinkingBudget(request: ProviderRequest): number | null {
  if (request.reasoning?.budgetTokens !== undefined) return request.reasoning.budgetTokens;
  if (request.reasoning?.effort) return EFFORT_BUDGET[request.reasoning.effort];
  return null;
}

/** With thinking on, Anthropic accepts no temperature but 1 and no top_p below 0.95. */
export function anthropicUnsupportedSettings(request: ProviderRequest): string[] {
  const thinking = thinkingBudget(request) !== null;
  const out: string[] = [];
  if (thinking && request.temperature !== undefined && request.temperature !== 1) out.push('temperature');
  if (thinking && request.topP !== undefined && request.topP < 0.95) out.push('topP');
  if (request.reasoning?.summary) out.push('reasoning.summary');
  return out;
}

const temperatureRange: SettingsRule = ({ temperature }) =>
  temperature !== undefined && temperature > 1
    ? [{ severity: 'error', setting: 'temperature', message: `Anthropic accepts temperature 0–1; ${temperature} is out of range.` }]
    : [];

const thinkingBudgetBounds: SettingsRule = ({ reasoning, maxOutputTokens = DEFAULT_ANTHROPIC_MAX_TOKENS }) => {
  const budget = reasoning?.budgetTokens;
  if (budget === undefined) return [];
  const setting = 'reasoning.budgetTokens';
  return [
    ...(budget < MIN_THINKING_BUDGET
      ? [
          {
            severity: 'error' as const,
            setting,
            message: `Anthropic needs a thinking budget of at least ${MIN_THINKING_BUDGET} tokens; ${budget} is too small.`,
          },
        ]
      : []),
    ...(budget >= maxOutputTokens
      ? [
          {
            severity: 'error' as const,
            setting,
            message: `The thinking budget (${budget}) must be below max tokens (${maxOutputTokens}): the answer would get no tokens.`,
          },
        ]
      : []),
  ];
};

/** Refusals the API would answer with a 400, caught before the run starts. */
export const anthropicSettingsRules: SettingsRule[] = [temperatureRange, thinkingBudgetBounds, ignoresPreviousResponseId];
