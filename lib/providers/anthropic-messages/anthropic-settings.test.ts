import { describe, expect, it } from 'vitest';
import { lintSettings } from '../core/settings-lint';
import type { ProviderRequest } from '../core/types';
import { anthropicMessagesRuntime } from './anthropic-messages-runtime';
import { anthropicUnsupportedSettings, thinkingBudget } from './anthropic-settings';

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'claude-sonnet-4-5',
  messages: [],
  stream: true,
  ...extra,
});
const lint = (extra: Partial<ProviderRequest>) => lintSettings(anthropicMessagesRuntime, request(extra));

describe('thinkingBudget', () => {
  it('takes the budget as given, else derives it from the effort, else thinking is off', () => {
    expect(thinkingBudget(request({ reasoning: { budgetTokens: 3000, effort: 'high' } }))).toBe(3000);
    expect(thinkingBudget(request({ reasoning: { effort: 'minimal' } }))).toBe(1024);
    expect(thinkingBudget(request({ reasoning: { effort: 'high' } }))).toBe(16_384);
    expect(thinkingBudget(request({ reasoning: { summary: 'auto' } }))).toBeNull();
    expect(thinkingBudget(request())).toBeNull();
  });
});

describe('anthropicUnsupportedSettings', () => {
  it('with thinking on, only temperature 1 and top_p from 0.95', () => {
    const thinking = { reasoning: { budgetTokens: 2048 } };
    expect(anthropicUnsupportedSettings(request({ ...thinking, temperature: 1, topP: 0.95 }))).toEqual([]);
    expect(anthropicUnsupportedSettings(request({ ...thinking, temperature: 0.2, topP: 0.9 }))).toEqual(['temperature', 'topP']);
    expect(anthropicUnsupportedSettings(request({ temperature: 0.2, topP: 0.9 }))).toEqual([]);
  });

  it('has no reasoning summary', () => {
    expect(anthropicUnsupportedSettings(request({ reasoning: { summary: 'auto' } }))).toEqual(['reasoning.summary']);
  });
});

describe('Anthropic settings rules', () => {
  it('refuses a temperature above 1', () => {
    expect(lint({ temperature: 1 })).toEqual([]);
    expect(lint({ temperature: 1.2 })).toEqual([
      { severity: 'error', setting: 'temperature', message: 'Anthropic accepts temperature 0–1; 1.2 is out of range.' },
    ]);
  });

  it('needs a thinking budget of at least 1024 tokens, below max tokens (4096 when unset)', () => {
    expect(lint({ reasoning: { budgetTokens: 1024 } })).toEqual([]);
    expect(lint({ reasoning: { budgetTokens: 1023 } }).map((finding) => finding.message)).toEqual([
      'Anthropic needs a thinking budget of at least 1024 tokens; 1023 is too small.',
    ]);
    expect(lint({ reasoning: { budgetTokens: 4096 } }).map((finding) => finding.message)).toEqual([
      'The thinking budget (4096) must be below max tokens (4096): the answer would get no tokens.',
    ]);
    expect(lint({ reasoning: { budgetTokens: 500 }, maxOutputTokens: 400 }).map((finding) => [finding.severity, finding.setting])).toEqual([
      ['error', 'reasoning.budgetTokens'],
      ['error', 'reasoning.budgetTokens'],
    ]);
  });

  it('has no previous_response_id threading, and takes a cache policy and TTL', () => {
    expect(lint({ threading: 'previous-response-id', cache: { policy: 'system', ttl: '1h' } })).toEqual([
      { severity: 'warning', setting: 'threading', message: 'previous_response_id threading exists only in the OpenAI Responses API.' },
    ]);
  });
});
