import type { ProviderRequest } from '../core/types';
import { describeForeignSettings, describeUnsupportedSettings } from '../testing/settings-checks';
import { openAIChatRuntime } from './openai-chat-runtime';
import { openAIChatUnsupportedSettings } from './openai-chat-settings';

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({ model: 'gpt-4.1', messages: [], stream: true, ...extra });

describeUnsupportedSettings('openAIChatUnsupportedSettings', openAIChatUnsupportedSettings, request, [
  ['o3', { temperature: 0.5, topP: 0.9 }, ['temperature', 'topP']],
  ['o3', { temperature: 1 }, []],
  ['gpt-4.1', { temperature: 0.5, reasoning: { effort: 'low' } }, ['reasoning.effort']],
  ['sim-gpt', { reasoning: { effort: 'low', budgetTokens: 1024, summary: 'auto' } }, ['reasoning.budgetTokens', 'reasoning.summary']],
]);

describeForeignSettings('openai-chat settings rules', openAIChatRuntime, request, ['cache', 'cache.ttl', 'threading']);
