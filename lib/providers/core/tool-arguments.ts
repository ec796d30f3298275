import type { InvalidToolCall, ToolCallPart } from './types';

/**
 * Arguments arrive as JSON text. Empty text means no arguments (Anthropic and OpenAI both send it
 * for tools without parameters). Anything that is not a JSON object becomes an invalid tool call:
 * reported with the reason, never executed, never a crash.
 */
export function toolCallFromRaw(
  id: string,
  name: string,
  rawArguments: string,
  itemId?: string,
): { call: ToolCallPart } | { invalid: InvalidToolCall } {
  const text = rawArguments.trim();
  if (text === '') return { call: { type: 'tool-call', id, name, arguments: {}, rawArguments, ...(itemId ? { itemId } : {}) } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { invalid: { id, name, rawArguments, error: `arguments are not valid JSON: ${(error as Error).message}` } };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { invalid: { id, name, rawArguments, error: 'arguments must be a JSON object' } };
  }
  return {
    call: { type: 'tool-call', id, name, arguments: parsed as Record<string, unknown>, rawArguments, ...(itemId ? { itemId } : {}) },
  };
}

/** Serializes a tool result for providers that take text. */
export function toolOutputText(output: unknown): string {
  return typeof output === 'string' ? output : JSON.stringify(output);
}
