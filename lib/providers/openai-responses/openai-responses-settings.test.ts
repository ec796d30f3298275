import { describe, expect, it } from 'vitest';
import { lintSettings } from '../core/settings-lint';
import type { ProviderRequest } from '../core/types';
import { openAIResponsesRuntime } from './openai-responses-runtime';
import { responsesUnsupportedSettings } from './openai-responses-settings';

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({ model: 'o4-mini', messages: [], stream: true, ...extra });

describe('responsesUnsupportedSettings', () => {
  it.each([
    ['o4-mini', { stop: ['END'], temperature: 0.2, topP: 0.9 }, ['stop', 'temperature', 'topP']],
    ['gpt-4.1', { temperature: 0.2, reasoning: { summary: 'auto' } }, ['reasoning']],
    ['sim-gpt', { reasoning: { effort: 'low', budgetTokens: 1024 } }, ['reasoning.budgetTokens']],
  ] as const)('%s with %j: %j', (model, settings, unsupported) => {
    expect(responsesUnsupportedSettings(request({ model, ...(settings as Partial<ProviderRequest>) }))).toEqual(unsupported);
  });
});

describe('openai-responses settings rules', () => {
  it('says which Anthropic-only and Responses-only settings it ignores, nothing about the rest', () => {
    const findings = lintSettings(
      openAIResponsesRuntime,
      request({ cache: { policy: 'system', ttl: '1h' }, threading: 'previous-response-id' }),
    );
    expect(findings.map((finding) => finding.setting)).toEqual(['cache', 'cache.ttl']);
    expect(lintSettings(openAIResponsesRuntime, request({ cache: { policy: 'off' }, threading: 'stateless' }))).toEqual([]);
  });
});
