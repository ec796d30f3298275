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
 * Where an OpenAI-style usage object keeps each count. Its input total already includes the
 * cached tokens (`<inputDetails>.cached_tokens`) and, where they are reported, the cache writes.
 */
type OpenAIUsageFields = {
  input: string;
  inputDetails: string;
  output: string;
  outputDetails: string;
  /** In the input details (OpenRouter). */
  cacheWrite?: string;
  /** USD (OpenRouter). */
  cost?: string;
};

function usageFromOpenAI(raw: unknown, fields: OpenAIUsageFields): Usage | null {
  if (!raw || typeof raw !== 'object') return null;
  const usage = raw as Json;
  const inputDetails = obj(usage[fields.inputDetails]);
  const inputTokens = num(usage[fields.input]);
  const cacheReadTokens = num(inputDetails.cached_tokens);
  const cacheWriteTokens = fields.cacheWrite ? num(inputDetails[fields.cacheWrite]) : null;
  return {
    inputTokens,
    inputNoCacheTokens: withoutCache(inputTokens, cacheReadTokens, cacheWriteTokens),
    cacheReadTokens,
    cacheWriteTokens,
    outputTokens: num(usage[fields.output]),
    reasoningTokens: num(obj(usage[fields.outputDetails]).reasoning_tokens),
    costUsd: fields.cost ? num(usage[fields.cost]) : null,
  };
}

const CHAT_COMPLETIONS_USAGE: OpenAIUsageFields = {
  input: 'prompt_tokens',
  inputDetails: 'prompt_tokens_details',
  output: 'completion_tokens',
  outputDetails: 'completion_tokens_details',
  cacheWrite: 'cache_write_tokens',
  cost: 'cost',
};

const RESPONSES_USAGE: OpenAIUsageFields = {
  input: 'input_tokens',
  inputDetails: 'input_tokens_details',
  output: 'output_tokens',
  outputDetails: 'output_tokens_details',
};

/**
 * OpenAI Chat Completions and OpenRouter: `prompt_tokens` already includes `cached_tokens`
 * (and OpenRouter's `cache_write_tokens`). OpenRouter adds `cost` in USD.
 */
export function usageFromChatCompletions(raw: unknown): Usage | null {
  return usageFromOpenAI(raw, CHAT_COMPLETIONS_USAGE);
}

/** OpenAI Responses: `input_tokens` includes `input_tokens_details.cached_tokens`. */
export function usageFromResponses(raw: unknown): Usage | null {
  return usageFromOpenAI(raw, RESPONSES_USAGE);
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
