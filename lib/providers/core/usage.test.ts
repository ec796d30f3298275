import { describe, expect, it } from 'vitest';
import { ANTHROPIC_CACHED_TURN_USAGE, ANTHROPIC_CACHED_TURN_WIRE_USAGE } from '../testing/anthropic-cached-usage';
import { usageFromAnthropic, usageFromChatCompletions, usageFromResponses } from './usage';

describe('usage normalization (no double counting of cached tokens)', () => {
  it('OpenAI chat: prompt_tokens already includes cached_tokens', () => {
    expect(
      usageFromChatCompletions({
        prompt_tokens: 1536,
        completion_tokens: 4,
        prompt_tokens_details: { cached_tokens: 1280 },
        completion_tokens_details: { reasoning_tokens: 0 },
      }),
    ).toEqual({
      inputTokens: 1536,
      inputNoCacheTokens: 256,
      cacheReadTokens: 1280,
      cacheWriteTokens: null,
      outputTokens: 4,
      reasoningTokens: 0,
      costUsd: null,
    });
  });

  it('OpenRouter: cache writes and cost', () => {
    expect(
      usageFromChatCompletions({
        prompt_tokens: 1000,
        completion_tokens: 10,
        cost: 0.0042,
        prompt_tokens_details: { cached_tokens: 600, cache_write_tokens: 300 },
      }),
    ).toMatchObject({
      inputTokens: 1000,
      inputNoCacheTokens: 100,
      cacheReadTokens: 600,
      cacheWriteTokens: 300,
      costUsd: 0.0042,
      reasoningTokens: null,
    });
  });

  it('OpenAI Responses: input_tokens already includes cached_tokens', () => {
    expect(
      usageFromResponses({
        input_tokens: 980,
        input_tokens_details: { cached_tokens: 512 },
        output_tokens: 164,
        output_tokens_details: { reasoning_tokens: 128 },
      }),
    ).toEqual({
      inputTokens: 980,
      inputNoCacheTokens: 468,
      cacheReadTokens: 512,
      cacheWriteTokens: null,
      outputTokens: 164,
      reasoningTokens: 128,
      costUsd: null,
    });
  });

  it('Anthropic: input_tokens excludes cache reads and writes, so the total adds them', () => {
    expect(usageFromAnthropic(ANTHROPIC_CACHED_TURN_WIRE_USAGE)).toEqual(ANTHROPIC_CACHED_TURN_USAGE);
  });

  it('missing usage stays null instead of becoming zero', () => {
    expect(usageFromChatCompletions(null)).toBeNull();
    expect(usageFromChatCompletions({ prompt_tokens: 5, completion_tokens: 1 })).toMatchObject({
      cacheReadTokens: null,
      reasoningTokens: null,
    });
  });
});
