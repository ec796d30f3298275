// Test support: the usage of one Anthropic turn that read the cache and wrote it with both TTLs —
// as Anthropic reports it, and as it is normalized. Parsing tests read the one, pricing tests price the other.
import type { Usage } from '../core/types';

export const ANTHROPIC_CACHED_TURN_WIRE_USAGE = {
  input_tokens: 412,
  cache_read_input_tokens: 2048,
  cache_creation_input_tokens: 300,
  cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
  output_tokens: 87,
};

/** Input: 412 uncached + 2048 read + 300 written (100 for 5 min, 200 for 1 h). */
export const ANTHROPIC_CACHED_TURN_USAGE: Usage = {
  inputTokens: 2760,
  inputNoCacheTokens: 412,
  cacheReadTokens: 2048,
  cacheWriteTokens: 300,
  cacheWrite5mTokens: 100,
  cacheWrite1hTokens: 200,
  outputTokens: 87,
  reasoningTokens: null,
  costUsd: null,
};
