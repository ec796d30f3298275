import type { ProviderRequest } from '../core/types';
import { describeForeignSettings, describeUnsupportedSettings } from '../testing/settings-checks';
import { openAIResponsesRuntime } from './openai-responses-runtime';
import { responsesUnsupportedSettings } from './openai-responses-settings';

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({ model: 'o4-mini', messages: [], stream: true, ...extra });

describeUnsupportedSettings('responsesUnsupportedSettings', responsesUnsupportedSettings, request, [
  ['o4-mini', { stop: ['END'], temperature: 0.2, topP: 0.9 }, ['stop', 'temperature', 'topP']],
  ['gpt-4.1', { temperature: 0.2, reasoning: { summary: 'auto' } }, ['reasoning']],
  ['sim-gpt', { reasoning: { effort: 'low', budgetTokens: 1024 } }, ['reasoning.budgetTokens']],
]);

describeForeignSettings('openai-responses settings rules', openAIResponsesRuntime, request, ['cache', 'cache.ttl']);
