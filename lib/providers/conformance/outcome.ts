import type { ProviderResult } from '../core/types';

/** What a case's `expect` is compared with: the normalized result in the case format's terms. */
export type Outcome = {
  text: string | null;
  tool_calls: { id: string; name: string; arguments: unknown }[];
  reasoning: { text: string | null; encrypted: boolean; signature_present: boolean; redacted: boolean } | null;
  usage: {
    input_tokens: number | null;
    output_tokens: number | null;
    cache_read_tokens: number | null;
    cache_write_tokens: number | null;
    reasoning_tokens: number | null;
    cost_usd: number | null;
  } | null;
  finish_reason: string;
  error: { status: number | null; kind: string; retry_after_s: number | null; body_snippet: string | null } | null;
};

export function outcomeOf(result: ProviderResult): Outcome {
  const reasoning = result.reasoning;
  const reasoningText = reasoning
    .map((part) => part.text ?? '')
    .filter((text) => text.length > 0)
    .join('\n\n');
  return {
    text: result.text.length ? result.text : null,
    tool_calls: result.toolCalls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments })),
    reasoning: reasoning.length
      ? {
          text: reasoningText.length ? reasoningText : null,
          // OpenAI encrypted_content, and Anthropic redacted_thinking data: both are encrypted reasoning.
          encrypted: reasoning.some((part) => !!part.encrypted),
          signature_present: reasoning.some((part) => !!part.signature),
          redacted: reasoning.some((part) => !!part.redacted),
        }
      : null,
    usage: result.usage
      ? {
          input_tokens: result.usage.inputTokens,
          output_tokens: result.usage.outputTokens,
          cache_read_tokens: result.usage.cacheReadTokens,
          cache_write_tokens: result.usage.cacheWriteTokens,
          reasoning_tokens: result.usage.reasoningTokens,
          cost_usd: result.usage.costUsd,
        }
      : null,
    finish_reason: result.finishReason,
    error: result.error
      ? {
          status: result.error.status,
          kind: result.error.kind,
          retry_after_s: result.error.retryAfterMs === null ? null : result.error.retryAfterMs / 1000,
          body_snippet: result.error.bodySnippet,
        }
      : null,
  };
}
