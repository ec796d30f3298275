import { describe, expect, it } from 'vitest';
import { readTelemetrySearch, resolveWindow, searchOf, searchToQueryString } from './window';
import { parseTelemetrySearch } from './window-schema';

const now = new Date('2026-11-26T12:00:00.000Z');

function ok(raw: Parameters<typeof parseTelemetrySearch>[0]) {
  const result = parseTelemetrySearch(raw, now);
  if (!result.success) throw new Error(result.error);
  return result.data;
}

function error(raw: Parameters<typeof parseTelemetrySearch>[0]) {
  const result = parseTelemetrySearch(raw, now);
  if (result.success) throw new Error('expected a validation error');
  return result.error;
}

describe('parseTelemetrySearch', () => {
  it('defaults to the last 24 hours in 15-minute buckets', () => {
    const window = ok({});
    expect(window.search).toEqual({ window: '24h' });
    expect(window.from.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(window.to).toEqual(now);
    expect(window.bucketSeconds).toBe(900);
  });

  it('resolves presets relative to now with their bucket widths', () => {
    expect(ok(new URLSearchParams('window=1h')).bucketSeconds).toBe(60);
    expect(ok(new URLSearchParams('window=7d')).bucketSeconds).toBe(7200);
    const month = ok(new URLSearchParams('window=30d&provider=anthropic&model=claude-x'));
    expect(month.bucketSeconds).toBe(43_200);
    expect(month.from.toISOString()).toBe('2026-10-27T12:00:00.000Z');
    expect(month.provider).toBe('anthropic');
    expect(month.model).toBe('claude-x');
  });

  it('takes a custom window from from/to, normalizing offsets to UTC', () => {
    const window = ok({ window: 'custom', from: '2026-11-20T10:00:00+02:00', to: '2026-11-20T14:00:00Z' });
    expect(window.search).toEqual({ window: 'custom', from: '2026-11-20T08:00:00.000Z', to: '2026-11-20T14:00:00.000Z' });
    expect(window.bucketSeconds).toBe(300);
    // from/to alone (the runs page's parameters) also mean a custom window.
    expect(ok({ from: '2026-11-20T08:00:00Z', to: '2026-11-20T09:00:00Z' }).search.window).toBe('custom');
  });

  it('ignores empty values, repeated values beyond the first and unknown parameters', () => {
    const window = ok({ window: ['7d', '1h'], provider: '', model: '  ', cursor: 'abc' });
    expect(window.search).toEqual({ window: '7d' });
  });

  it('rejects bad input with a readable message', () => {
    expect(error({ window: '2h' })).toMatch(/window must be one of 1h, 24h, 7d, 30d, custom/);
    expect(error({ window: 'custom', from: '2026-11-20T08:00:00Z' })).toMatch(/needs both from and to/);
    expect(error({ window: 'custom', from: 'yesterday', to: '2026-11-20T09:00:00Z' })).toMatch(/from must be an ISO 8601 date-time/);
    expect(error({ window: 'custom', from: '2026-11-20T09:00:00Z', to: '2026-11-20T08:00:00Z' })).toMatch(/at least one minute after/);
    expect(error({ window: 'custom', from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toMatch(/at most 400 days/);
    expect(error({ provider: 'x'.repeat(201) })).toMatch(/provider is longer than 200 characters/);
    expect(error({ window: 'bogus' })).toMatch(/^Invalid telemetry parameters: /);
  });
});

describe('searchToQueryString', () => {
  it('round-trips through the parser', () => {
    const search = {
      window: 'custom' as const,
      from: '2026-11-20T08:00:00.000Z',
      to: '2026-11-20T09:00:00.000Z',
      provider: 'openai',
      model: 'gpt 5',
    };
    const query = searchToQueryString(search);
    expect(query).toBe('window=custom&from=2026-11-20T08%3A00%3A00.000Z&to=2026-11-20T09%3A00%3A00.000Z&provider=openai&model=gpt+5');
    expect(ok(new URLSearchParams(query)).search).toEqual(search);
  });

  it('drops from/to for relative windows', () => {
    expect(searchToQueryString({ window: '1h', from: '2026-11-20T08:00:00.000Z' })).toBe('window=1h');
  });
});

describe('resolveWindow', () => {
  it('moves relative windows with now', () => {
    const later = new Date(now.getTime() + 30_000);
    expect(resolveWindow({ window: '1h' }, later).to).toEqual(later);
  });
});

describe('searchOf (the browser side, no zod)', () => {
  it('gives the same defaults and custom-window checks as the server', () => {
    expect(searchOf({})).toEqual({ success: true, search: { window: '24h' } });
    expect(searchOf({ from: '2026-11-20T08:00:00+02:00', to: '2026-11-20T14:00:00+02:00', provider: 'openai' })).toEqual({
      success: true,
      search: { window: 'custom', from: '2026-11-20T06:00:00.000Z', to: '2026-11-20T12:00:00.000Z', provider: 'openai' },
    });
    expect(searchOf({ window: 'custom', from: '2026-11-20T08:00:00Z' })).toEqual({
      success: false,
      error: 'a custom window needs both from and to',
    });
    expect(searchOf({ window: 'custom', from: '2026-11-20T09:00:00Z', to: '2026-11-20T09:00:30Z' })).toMatchObject({
      success: false,
      path: 'to',
      error: expect.stringMatching(/at least one minute/),
    });
    expect(searchOf({ window: 'custom', from: ':00Z', to: '2026-11-20T09:00:00Z' })).toMatchObject({
      success: false,
      error: 'from and to must be date-times',
    });
  });

  it("reads the page's own URLs, and nothing that makes no window", () => {
    expect(readTelemetrySearch(new URLSearchParams('window=7d&provider=anthropic&from=x'))).toEqual({
      window: '7d',
      provider: 'anthropic',
    });
    const search = { window: 'custom', from: '2026-11-20T08:00:00.000Z', to: '2026-11-20T09:00:00.000Z', model: 'gpt 5' } as const;
    expect(readTelemetrySearch(new URLSearchParams(searchToQueryString(search)))).toEqual(search);
    expect(readTelemetrySearch(new URLSearchParams('window=2h'))).toBeNull();
    expect(readTelemetrySearch(new URLSearchParams('window=custom&from=2026-11-20T08:00:00Z'))).toBeNull();
  });
});
