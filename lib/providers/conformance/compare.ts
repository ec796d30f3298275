import { isDeepStrictEqual } from 'node:util';
import type { ConformanceExpect } from './case-schema';
import type { Outcome } from './outcome';

const show = (value: unknown) => JSON.stringify(value)?.slice(0, 160) ?? 'undefined';

/**
 * The README's comparison rules: a key absent from `expect` is not checked; `null` means absent;
 * text compares exactly (empty text matches null); tool calls in order, `id` only when given,
 * arguments as parsed JSON; usage fields exactly; the snippet by prefix.
 */
export function compareOutcome(expect: ConformanceExpect, outcome: Outcome): string[] {
  const diffs: string[] = [];
  const check = (path: string, expected: unknown, actual: unknown) => {
    if (!isDeepStrictEqual(expected, actual)) diffs.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
  };

  if (expect.text !== undefined) check('text', expect.text, outcome.text);
  if (expect.tool_calls !== undefined) {
    if (expect.tool_calls.length !== outcome.tool_calls.length) {
      diffs.push(`tool_calls: expected ${expect.tool_calls.length}, got ${outcome.tool_calls.length} (${show(outcome.tool_calls)})`);
    } else {
      expect.tool_calls.forEach((call, index) => {
        const actual = outcome.tool_calls[index]!;
        if (call.id !== undefined) check(`tool_calls[${index}].id`, call.id, actual.id);
        check(`tool_calls[${index}].name`, call.name, actual.name);
        check(`tool_calls[${index}].arguments`, call.arguments, actual.arguments);
      });
    }
  }
  if (expect.reasoning !== undefined) {
    if (expect.reasoning === null || outcome.reasoning === null) check('reasoning', expect.reasoning, outcome.reasoning);
    else {
      for (const key of ['text', 'encrypted', 'signature_present', 'redacted'] as const) {
        if (expect.reasoning[key] !== undefined) check(`reasoning.${key}`, expect.reasoning[key], outcome.reasoning[key]);
      }
    }
  }
  if (expect.usage !== undefined) {
    if (expect.usage === null || outcome.usage === null) check('usage', expect.usage, outcome.usage);
    else {
      for (const [key, value] of Object.entries(expect.usage)) {
        if (value !== undefined) check(`usage.${key}`, value, outcome.usage[key as keyof Outcome['usage'] & string]);
      }
    }
  }
  if (expect.finish_reason !== undefined) check('finish_reason', expect.finish_reason, outcome.finish_reason);
  if (expect.error !== undefined) {
    if (expect.error === null || outcome.error === null)
      check('error', expect.error, outcome.error && { kind: outcome.error.kind, status: outcome.error.status });
    else {
      if (expect.error.status !== undefined) check('error.status', expect.error.status, outcome.error.status);
      if (expect.error.kind !== undefined) check('error.kind', expect.error.kind, outcome.error.kind);
      if (expect.error.retry_after_s !== undefined) check('error.retry_after_s', expect.error.retry_after_s, outcome.error.retry_after_s);
      if (expect.error.body_snippet_starts_with !== undefined) {
        const snippet = outcome.error.body_snippet ?? '';
        if (!snippet.startsWith(expect.error.body_snippet_starts_with)) {
          diffs.push(
            `error.body_snippet: expected to start with ${show(expect.error.body_snippet_starts_with)}, got ${show(snippet.slice(0, 80))}`,
          );
        }
      }
    }
  }
  return diffs;
}
