import { describe, expect, it } from 'vitest';
import { lintSettings } from '../core/settings-lint';
import type { ProviderRequest } from '../core/types';
import { openRouterRuntime } from './openrouter-runtime';
import { openRouterUnsupportedSettings } from './openrouter-settings';

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({ model: 'openai/o3', messages: [], stream: true, ...extra });

describe('openRouterUnsupportedSettings', () => {
  it.each([
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
  ] as const)('%s with %j: %j', (model, settings, unsupported) => {
    expect(openRouterUnsupportedSettings(request({ model, ...(settings as Partial<ProviderRequest>) }))).toEqual(unsupported);
  });
});

describe('openrouter settings rules', () => {
  it('says which Anthropic-only and Responses-only settings it ignores, nothing about the rest', () => {
    const findings = lintSettings(
      openRouterRuntime,
      request({ cache: { policy: 'system', ttl: '1h' }, threading: 'previous-response-id' }),
    );
    expect(findings.map((finding) => finding.setting)).toEqual(['cache', 'cache.ttl', 'threading']);
    expect(lintSettings(openRouterRuntime, request({ cache: { policy: 'off' }, threading: 'stateless' }))).toEqual([]);
  });
});
