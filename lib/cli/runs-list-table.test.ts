import { describe, expect, it } from 'vitest';
import { runListItem as item } from '@/lib/runs/run-list-item-fixture';
import { formatRunList } from './runs-list-table';

describe('formatRunList', () => {
  it('prints one dense row per run with the id last, and how to page on', () => {
    const lines = formatRunList({
      runs: [
        item({}),
        item({
          id: '01a21715-0000-7000-8000-000000000001',
          status: 'failed',
          provider: 'openai',
          model: 'gpt-5',
          turnCount: 1,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
          errorCount: 1,
          errorKind: 'auth',
          startedAt: null,
          durationMs: null,
        }),
      ],
      nextCursor: 'abc',
      callWindow: null,
    });
    expect(lines).toEqual([
      'status     provider   model    turns  tokens in/out     cost  errors  duration  started (UTC)        id',
      'succeeded  simulator  sim-gpt      2       1,234/56  $0.0013  0          1.0 s  2030-01-01 00:00:01  01a21715-5106-77a7-b88a-9f4c86593c23',
      'failed     openai     gpt-5        1            0/0       $0  1 auth         —  2030-01-01 00:00:00  01a21715-0000-7000-8000-000000000001',
      '2 runs · older: add --cursor abc',
    ]);
  });

  it('ends with what retention removed, when it removed runs', () => {
    const retention = { removedBefore: '2026-10-01T00:00:00.000Z', retentionDays: 30 };
    expect(formatRunList({ runs: [item({})], nextCursor: null, callWindow: null }, undefined, undefined, retention).at(-1)).toBe(
      'Runs created before 2026-10-01 (UTC) were removed by retention (SWITCHBOARD_RETENTION_DAYS=30); the telemetry charts keep their totals.',
    );
    expect(formatRunList({ runs: [], nextCursor: null, callWindow: null }, undefined, undefined, retention)).toHaveLength(2);
  });

  it('says so when nothing matches, and names the call window of a windowed list', () => {
    expect(formatRunList({ runs: [], nextCursor: null, callWindow: null })).toEqual(['No runs match these filters.']);
    const windowed = formatRunList({
      runs: [],
      nextCursor: null,
      callWindow: { from: '2030-01-01T00:00:00.000Z', to: null, provider: null, model: null, errorKind: null, failedCallsOnly: false },
    });
    expect(windowed[0]).toBe('Showing runs with provider calls between 2030-01-01 00:00:00 UTC and —.');
  });

  it('marks imported runs and says how many match in all', () => {
    const lines = formatRunList({ runs: [item({ importedFromId: 'abc' })], nextCursor: null, callWindow: null }, undefined, {
      count: 1000,
      atLeast: true,
    });
    expect(lines[1]).toMatch(/^succeeded imported /);
    expect(lines.at(-1)).toBe('1 of 1,000+ runs');
  });
});
