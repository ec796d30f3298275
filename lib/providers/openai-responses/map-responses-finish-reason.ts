import type { FinishReason } from '../core/types';

type Json = Record<string, unknown>;

/** A finished response's status (and why it is incomplete) → the finish reason; function calls make it `tool_calls`. */
export function mapResponsesFinishReason(response: Json, hasFunctionCalls: boolean): FinishReason {
  if (response.status === 'incomplete') {
    const details = response.incomplete_details as Json | null | undefined;
    const reason = typeof details?.reason === 'string' ? details.reason : null;
    if (reason === 'max_output_tokens') return 'length';
    if (reason === 'content_filter') return 'content_filter';
    return 'stop';
  }
  return hasFunctionCalls ? 'tool_calls' : 'stop';
}
