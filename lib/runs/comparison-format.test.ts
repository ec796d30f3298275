import { describe, expect, it } from 'vitest';
import { deliveryText, pairText, SUMMARY_COLUMNS, toolCallText } from './comparison-format';
import type { ComparisonMember } from './comparison-view';

describe('comparison cell words', () => {
  it('a tool call as name(arguments), cut when long, marked when replayed', () => {
    expect(toolCallText({ name: 'read_file', arguments: { path: 'a.md' }, isError: false, replayed: false })).toBe(
      'read_file({"path":"a.md"})',
    );
    expect(toolCallText({ name: 'list_files', arguments: {}, isError: false, replayed: true })).toBe('list_files({}) [replayed]');
    const long = toolCallText({ name: 'write_file', arguments: { content: 'x'.repeat(500) }, isError: false, replayed: false }, 40);
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });

  it('delivery and unreported counts in words, never 0 for a missing value', () => {
    expect(['streamed', 'fallback', 'not-streamed', 'not-started', null].map((value) => deliveryText(value as never))).toEqual([
      'streamed',
      'non-streaming fallback',
      'not streamed (as asked)',
      'no reply',
      '—',
    ]);
    expect(pairText(1234, null)).toBe('1,234 / —');
  });

  it('the summary columns: the marked metrics cover every metric view.best ranks', () => {
    expect(SUMMARY_COLUMNS.flatMap((column) => (column.best ? [column.best] : [])).sort()).toEqual(
      ['costUsd', 'errors', 'outputTokens', 'turns', 'wallMs'].sort(),
    );
    const member = {
      summary: {
        costUsd: null,
        providerCostUsd: 0.002,
        wallMs: 1500,
        turns: 2,
        errors: 0,
        inputTokens: 10,
        outputTokens: 5,
        outcome: 'succeeded',
      },
    } as ComparisonMember;
    expect(SUMMARY_COLUMNS.map((column) => column.text(member))).toEqual(['—', '$0.0020', '1.5 s', '2', '0', '10 / 5']);
  });
});
