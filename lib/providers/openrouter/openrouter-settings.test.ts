import type { ProviderRequest } from '../core/types';
import { describeForeignSettings, describeUnsupportedSettings } from '../testing/settings-checks';
import { openRouterRuntime } from './openrouter-runtime';
import { openRouterUnsupportedSettings } from './openrouter-settings';

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({ model: 'openai/o3', messages: [], stream: true, ...extra });

describeUnsupportedSettings('openRouterUnsupportedSettings', openRouterUnsupportedSettings, request, [
  ['x-ai/grok-4', { stop: ['END'], reasoning: { effort: 'high' } }, ['stop', 'reasoning.effort']],
  ['openai/o3', { temperature: 0.2, topP: 0.9 }, ['temperature', 'topP']],
  ['openai/gpt-4.1', { temperature: 0.2, topP: 0.9 }, []],
  ['anthropic/claude-sonnet-4.5', { temperature: 0.2, reasoning: { budgetTokens: 2048 } }, ['temperature']],
  ['anthropic/claude-sonnet-4.5', { temperature: 0.2 }, []],
  [
    'deepseek/deepseek-chat-v3.1',
    { reasoning: { effort: 'low', budgetTokens: 1024, summary: 'auto' } },
    ['reasoning.effort', 'reasoning.summary'],
  ],
]);

describeForeignSettings('openrouter settings rules', openRouterRuntime, request, ['cache', 'cache.ttl', 'threading']);
