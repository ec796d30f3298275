import { describe, expect, it } from 'vitest';
import { runListFilterValues, runListQuery } from './run-list-query';

describe('runListFilterValues', () => {
  it('reads the same filters from a page’s searchParams and from the browser’s address', () => {
    const fromPage = runListFilterValues({ status: ['failed', 'running'], from: '2025-01-02T15:04:05.000Z', cursor: 'abc', other: 'x' });
    const fromBrowser = runListFilterValues(
      new URLSearchParams('?status=failed&status=running&from=2025-01-02T15%3A04%3A05.000Z&cursor=abc'),
    );
    expect(fromPage).toEqual(fromBrowser);
    expect(JSON.stringify(fromPage)).toBe(JSON.stringify(fromBrowser));
    expect(fromPage).toMatchObject({ status: 'failed', from: '2025-01-02T15:04:05.000Z' });
    expect(fromPage).not.toHaveProperty('cursor');
  });

  it('round-trips through runListQuery', () => {
    const values = runListFilterValues(new URLSearchParams('provider=simulator&hasErrors=1&to=2025-01-03T00%3A00%3A00.000Z'));
    expect(runListFilterValues(new URLSearchParams(runListQuery(values)))).toEqual(values);
  });
});
