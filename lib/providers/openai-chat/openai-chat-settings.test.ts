import { describe, expect, it } from 'vitest';
import { lintSettings } from '../core/settings-lint';
import type { ProviderRequest } from '../core/types';
import { openAIChatRuntime } from './openai-chat-runtime';
import { openAIChatUnsupportedSettings } from './openai-chat-settings';

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({ model: 'gpt-4.1', messages: [], stream: true, ...extra });

describe('openAIChatUnsupportedSettings', () => {
  it.each([
    ['o3', { temperature: 0.5, topP: 0.9 }, ['temperature', 'topP']],
    ['o3', { temperature: 1 }, []],
    ['gpt-4.1', { temperature: 0.5, reasoning: { effort: 'low' } }, ['reasoning.effort']],
    ['sim-gpt', { reasoning: { effort: 'low', budgetTokens: 1024, summary: 'auto' } }, ['reasoning.budgetTokens', 'reasoning.summary']],
  ] as const)('%s with %j: %j', (model, settings, unsupported) => {
    expect(openAIChatUnsupportedSettings(request({ model, ...(settings as Partial<ProviderRequest>) }))).toEqual(unsupported);
  });
});

describe('openai-chat settings rules', () => {
  it('says which Anthropic-only and Responses-only settings it ignores, nothing about the rest', () => {
    const findings = lintSettings(
      openAIChatRuntime,
      request({ cache: { policy: 'system', ttl: '1h' }, threading: 'previous-response-id' }),
    );
    expect(findings.map((finding) => finding.setting)).toEqual(['cache', 'cache.ttl', 'threading']);
    expect(lintSettings(openAIChatRuntime, request({ cache: { policy: 'off' }, threading: 'stateless' }))).toEqual([]);
  });
});
