import { describe, expect, it } from 'vitest';
import { lintProfile } from './lint-profile';
import { testProfile as profile } from './testing/test-profile';

// Every finding of each runtime's rules, word for word: the New run form, the providers page and
// createRun show or enforce exactly these.
const PROFILES = {
  'anthropic, nothing to say': profile({
    provider: 'anthropic',
    runtime: 'anthropic-messages',
    model: 'claude-sonnet-4-5',
    temperature: 0.7,
    cache: { policy: 'system', ttl: '1h' },
  }),
  'anthropic, temperature above 1': profile({
    provider: 'anthropic',
    runtime: 'anthropic-messages',
    model: 'claude-sonnet-4-5',
    temperature: 1.5,
  }),
  'anthropic, budget too small': profile({
    provider: 'anthropic',
    runtime: 'anthropic-messages',
    model: 'claude-sonnet-4-5',
    reasoning: { budgetTokens: 500 },
  }),
  'anthropic, budget = default max tokens': profile({
    provider: 'anthropic',
    runtime: 'anthropic-messages',
    model: 'claude-sonnet-4-5',
    reasoning: { budgetTokens: 4096 },
  }),
  'anthropic, budget above max tokens, thinking with sampling settings': profile({
    provider: 'anthropic',
    runtime: 'anthropic-messages',
    model: 'claude-sonnet-4-5',
    maxOutputTokens: 2000,
    reasoning: { budgetTokens: 4000, summary: 'auto' },
    temperature: 0.2,
    topP: 0.5,
  }),
  'anthropic, previous_response_id threading': profile({
    provider: 'anthropic',
    runtime: 'anthropic-messages',
    model: 'claude-sonnet-4-5',
    threading: 'previous-response-id',
  }),
  'openai-chat gpt-4.1, Anthropic-only and Responses-only settings': profile({
    provider: 'openai',
    runtime: 'openai-chat',
    model: 'gpt-4.1',
    cache: { policy: 'system+tools', ttl: '5m' },
    threading: 'previous-response-id',
    reasoning: { effort: 'high', budgetTokens: 2048 },
  }),
  'openai-chat o3, sampling settings': profile({ provider: 'openai', runtime: 'openai-chat', model: 'o3', temperature: 0.5, topP: 0.9 }),
  'openai-responses o4-mini, cache off with a ttl, threading': profile({
    provider: 'openai',
    runtime: 'openai-responses',
    model: 'o4-mini',
    cache: { policy: 'off', ttl: '5m' },
    threading: 'previous-response-id',
    temperature: 0.3,
  }),
  'openai-responses gpt-4.1, reasoning on a model without it': profile({
    provider: 'openai',
    runtime: 'openai-responses',
    model: 'gpt-4.1',
    reasoning: { effort: 'low', summary: 'auto' },
    cache: { policy: 'system' },
  }),
  'openrouter grok-4, effort and cache': profile({
    provider: 'openrouter',
    runtime: 'openrouter',
    model: 'x-ai/grok-4',
    reasoning: { effort: 'high' },
    cache: { policy: 'system', ttl: '1h' },
  }),
  'openrouter claude with thinking, temperature, temperature above 1': profile({
    provider: 'openrouter',
    runtime: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    reasoning: { budgetTokens: 500 },
    temperature: 1.4,
    threading: 'previous-response-id',
  }),
  'simulator anthropic runtime, budget too small and a cache policy': profile({
    provider: 'simulator',
    runtime: 'anthropic-messages',
    model: 'sim-claude',
    reasoning: { budgetTokens: 100 },
    cache: { policy: 'system+tools+last-turn' },
  }),
  'simulator openai-chat, cache policy': profile({
    provider: 'simulator',
    runtime: 'openai-chat',
    model: 'sim-gpt',
    cache: { policy: 'system' },
  }),
};

describe('lintProfile', () => {
  it('reports what each runtime would refuse or ignore, in order, word for word', () => {
    const findings = Object.fromEntries(Object.entries(PROFILES).map(([name, value]) => [name, lintProfile(value)]));
    expect(findings).toMatchInlineSnapshot(`
      {
        "anthropic, budget = default max tokens": [
          {
            "message": "The thinking budget (4096) must be below max tokens (4096): the answer would get no tokens.",
            "setting": "reasoning.budgetTokens",
            "severity": "error",
          },
        ],
        "anthropic, budget above max tokens, thinking with sampling settings": [
          {
            "message": "The thinking budget (4000) must be below max tokens (2000): the answer would get no tokens.",
            "setting": "reasoning.budgetTokens",
            "severity": "error",
          },
          {
            "message": "claude-sonnet-4-5 on anthropic-messages does not accept temperature: it is reported and not sent.",
            "setting": "temperature",
            "severity": "warning",
          },
          {
            "message": "claude-sonnet-4-5 on anthropic-messages does not accept topP: it is reported and not sent.",
            "setting": "topP",
            "severity": "warning",
          },
          {
            "message": "claude-sonnet-4-5 on anthropic-messages does not accept reasoning.summary: it is reported and not sent.",
            "setting": "reasoning.summary",
            "severity": "warning",
          },
        ],
        "anthropic, budget too small": [
          {
            "message": "Anthropic needs a thinking budget of at least 1024 tokens; 500 is too small.",
            "setting": "reasoning.budgetTokens",
            "severity": "error",
          },
        ],
        "anthropic, nothing to say": [],
        "anthropic, previous_response_id threading": [
          {
            "message": "previous_response_id threading exists only in the OpenAI Responses API.",
            "setting": "threading",
            "severity": "warning",
          },
        ],
        "anthropic, temperature above 1": [
          {
            "message": "Anthropic accepts temperature 0–1; 1.5 is out of range.",
            "setting": "temperature",
            "severity": "error",
          },
        ],
        "openai-chat gpt-4.1, Anthropic-only and Responses-only settings": [
          {
            "message": "openai-chat caches long prompts automatically; the cache policy only places Anthropic breakpoints and is ignored here.",
            "setting": "cache",
            "severity": "info",
          },
          {
            "message": "Cache TTLs (5m / 1h) exist only for Anthropic prompt caching.",
            "setting": "cache.ttl",
            "severity": "warning",
          },
          {
            "message": "previous_response_id threading exists only in the OpenAI Responses API.",
            "setting": "threading",
            "severity": "warning",
          },
          {
            "message": "gpt-4.1 on openai-chat does not accept reasoning.effort: it is reported and not sent.",
            "setting": "reasoning.effort",
            "severity": "warning",
          },
          {
            "message": "gpt-4.1 on openai-chat does not accept reasoning.budgetTokens: it is reported and not sent.",
            "setting": "reasoning.budgetTokens",
            "severity": "warning",
          },
        ],
        "openai-chat o3, sampling settings": [
          {
            "message": "o3 on openai-chat does not accept temperature: it is reported and not sent.",
            "setting": "temperature",
            "severity": "warning",
          },
          {
            "message": "o3 on openai-chat does not accept topP: it is reported and not sent.",
            "setting": "topP",
            "severity": "warning",
          },
        ],
        "openai-responses gpt-4.1, reasoning on a model without it": [
          {
            "message": "openai-responses caches long prompts automatically; the cache policy only places Anthropic breakpoints and is ignored here.",
            "setting": "cache",
            "severity": "info",
          },
          {
            "message": "gpt-4.1 on openai-responses does not accept reasoning: it is reported and not sent.",
            "setting": "reasoning",
            "severity": "warning",
          },
        ],
        "openai-responses o4-mini, cache off with a ttl, threading": [
          {
            "message": "Cache TTLs (5m / 1h) exist only for Anthropic prompt caching.",
            "setting": "cache.ttl",
            "severity": "warning",
          },
          {
            "message": "o4-mini on openai-responses does not accept temperature: it is reported and not sent.",
            "setting": "temperature",
            "severity": "warning",
          },
        ],
        "openrouter claude with thinking, temperature, temperature above 1": [
          {
            "message": "previous_response_id threading exists only in the OpenAI Responses API.",
            "setting": "threading",
            "severity": "warning",
          },
          {
            "message": "anthropic/claude-sonnet-4.5 on openrouter does not accept temperature: it is reported and not sent.",
            "setting": "temperature",
            "severity": "warning",
          },
        ],
        "openrouter grok-4, effort and cache": [
          {
            "message": "openrouter caches long prompts automatically; the cache policy only places Anthropic breakpoints and is ignored here.",
            "setting": "cache",
            "severity": "info",
          },
          {
            "message": "Cache TTLs (5m / 1h) exist only for Anthropic prompt caching.",
            "setting": "cache.ttl",
            "severity": "warning",
          },
          {
            "message": "x-ai/grok-4 on openrouter does not accept reasoning.effort: it is reported and not sent.",
            "setting": "reasoning.effort",
            "severity": "warning",
          },
        ],
        "simulator anthropic runtime, budget too small and a cache policy": [
          {
            "message": "Anthropic needs a thinking budget of at least 1024 tokens; 100 is too small.",
            "setting": "reasoning.budgetTokens",
            "severity": "error",
          },
        ],
        "simulator openai-chat, cache policy": [
          {
            "message": "openai-chat caches long prompts automatically; the cache policy only places Anthropic breakpoints and is ignored here.",
            "setting": "cache",
            "severity": "info",
          },
        ],
      }
    `);
  });
});
