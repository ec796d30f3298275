import type { Usage } from './types';

type Json = Record<string, unknown>;

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function obj(value: unknown): Json {
  return value && typeof value === 'object' ? (value as Json) : {};
}

function withoutCache(total: number | null, read: number | null, write: number | null): number | null {
  return total === null ? null : Math.max(0, total - (read ?? 0) - (write ?? 0));
}

/**
 * OpenAI Chat Completions and OpenRouter: `prompt_tokens` already includes `cached_tokens`
 * (and OpenRouter's `cache_write_tokens`). OpenRouter adds `cost` in USD.
 */
export function usageFromChatCompletions(raw: unknown): Usage | null {
  if (!raw || typeof raw !== 'object') return null;
  const usage = raw as Json;
  const prompt = obj(usage.prompt_tokens_details);
  const completion = obj(usage.completion_tokens_details);
  const inputTokens = num(usage.prompt_tokens);
  const cacheReadTokens = num(prompt.cached_tokens);
  const cacheWriteTokens = num(prompt.cache_write_tokens);
  return {
    inputTokens,
    inputNoCacheTokens: withoutCache(inputTokens, cacheReadTokens, cacheWriteTokens),
    cacheReadTokens,
    cacheWriteTokens,
    outputTokens: num(usage.completion_tokens),
    reasoningTokens: num(completion.reasoning_tokens),
    costUsd: num(usage.cost),
  };
}

/** OpenAI Responses: `input_tokens` includes `input_tokens_details.cached_tokens`. */
export function usageFromResponses(raw: unknown): Usage | null {
  if (!raw || typeof raw !== 'object') return null;
  const usage = raw as Json;
  const input = obj(usage.input_tokens_details);
  const output = obj(usage.output_tokens_details);
  const inputTokens = num(usage.input_tokens);
  const cacheReadTokens = num(input.cached_tokens);
  return {
    inputTokens,
    inputNoCacheTokens: withoutCache(inputTokens, cacheReadTokens, null),
    cacheReadTokens,
    cacheWriteTokens: null,
    outputTokens: num(usage.output_tokens),
    reasoningTokens: num(output.reasoning_tokens),
    costUsd: null,
  };
}

/**
 * Anthropic: `input_tokens` counts only the input after the last cache breakpoint, so the total
 * is input + cache reads + cache writes. Writes are split by TTL when `cache_creation` says so.
 */
export function usageFromAnthropic(raw: unknown): Usage | null {
  if (!raw || typeof raw !== 'object') return null;
  const usage = raw as Json;
  const uncached = num(usage.input_tokens);
  const cacheReadTokens = num(usage.cache_read_input_tokens);
  const cacheWriteTokens = num(usage.cache_creation_input_tokens);
  const creation = usage.cache_creation && typeof usage.cache_creation === 'object' ? (usage.cache_creation as Json) : null;
  const inputTokens =
    uncached === null && cacheReadTokens === null && cacheWriteTokens === null
      ? null
      : (uncached ?? 0) + (cacheReadTokens ?? 0) + (cacheWriteTokens ?? 0);
  return {
    inputTokens,
    inputNoCacheTokens: uncached,
    cacheReadTokens,
    cacheWriteTokens,
    ...(creation
      ? { cacheWrite5mTokens: num(creation.ephemeral_5m_input_tokens), cacheWrite1hTokens: num(creation.ephemeral_1h_input_tokens) }
      : {}),
    outputTokens: num(usage.output_tokens),
    reasoningTokens: null,
    costUsd: null,
  };
}
