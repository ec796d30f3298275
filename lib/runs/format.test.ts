import { describe, expect, it } from 'vitest';
import {
  formatClockTime,
  formatCost,
  formatCostReport,
  formatDuration,
  formatTimestamp,
  formatTokensInOut,
  truncate,
  LIST_TASK_CHARS,
  taskPreview,
} from './format';

describe('format', () => {
  it('carries a task of a paragraph whole into the lists, and cuts a longer one with an ellipsis', () => {
    const paragraph = 'word '.repeat(90).trim();
    expect(taskPreview(paragraph)).toBe(paragraph);
    const long = 'x'.repeat(LIST_TASK_CHARS + 1);
    expect(taskPreview(long)).toHaveLength(LIST_TASK_CHARS);
    expect(taskPreview(long).endsWith('…')).toBe(true);
    expect(taskPreview('x'.repeat(LIST_TASK_CHARS))).toHaveLength(LIST_TASK_CHARS);
  });

  it('formats a time of day in UTC, whatever the zone', () => {
    expect(formatClockTime('2030-05-06T23:59:58.999+02:00')).toBe('21:59:58 UTC');
    expect(formatClockTime(new Date('2030-05-06T00:00:00Z'))).toBe('00:00:00 UTC');
    expect(formatClockTime('not a date')).toBe('—');
    expect(formatClockTime(null)).toBe('—');
  });

  it('formats durations at every scale', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(12)).toBe('12 ms');
    expect(formatDuration(3400)).toBe('3.4 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 m 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 m');
  });

  it('keeps small costs readable', () => {
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.00123)).toBe('$0.0012');
    expect(formatCost(1.234)).toBe('$1.23');
    expect(formatCost(null)).toBe('—');
  });

  it('says tokens in and out, and the estimated cost beside what the providers reported', () => {
    expect(formatTokensInOut({ inputTokens: 12_345, outputTokens: 67 })).toBe('12,345 / 67');
    const cost = { costUsd: 0.1234, providerCostUsd: null, inputTokens: 10, outputTokens: 5 };
    expect(formatCostReport(cost)).toBe('$0.12 est.');
    expect(formatCostReport({ ...cost, providerCostUsd: 0.11 })).toBe('$0.12 est. · $0.11 reported');
    expect(formatCostReport({ ...cost, costUsd: null })).toBe('no price');
    expect(formatCostReport({ ...cost, costUsd: null, providerCostUsd: 0.11 })).toBe('no price · $0.11 reported');
    expect(formatCostReport({ ...cost, costUsd: null, inputTokens: 0, outputTokens: 0 })).toBe('—');
  });

  it('formats timestamps in UTC, independent of the locale', () => {
    expect(formatTimestamp('2025-11-26T06:57:12.345Z')).toBe('2025-11-26 06:57:12 UTC');
    expect(formatTimestamp('nonsense')).toBe('—');
  });

  it('truncates with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});

describe('runListQuery', async () => {
  const { runListQuery } = await import('./run-list-query');
  it('keeps a stable order and drops empty values', () => {
    expect(runListQuery({ to: '2030-01-01T00:00:00Z', provider: 'openai', model: '', hasErrors: '1' })).toBe(
      '?provider=openai&hasErrors=1&to=2030-01-01T00%3A00%3A00Z',
    );
    expect(runListQuery({})).toBe('');
  });
});
