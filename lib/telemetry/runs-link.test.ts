import { describe, expect, it } from 'vitest';
import { bucketRunsHref, runsHref } from './runs-link';

describe('runsHref', () => {
  it('writes the runs page search params', () => {
    expect(runsHref({ from: '2026-11-26T10:00:00Z', to: new Date('2026-11-26T10:15:00Z') })).toBe(
      '/runs?from=2026-11-26T10%3A00%3A00.000Z&to=2026-11-26T10%3A15%3A00.000Z',
    );
    const href = runsHref({
      from: '2026-11-26T10:00:00Z',
      to: '2026-11-26T10:15:00Z',
      provider: 'anthropic',
      model: 'claude sonnet',
      errorKind: 'rate_limit',
    });
    const params = new URL(href, 'http://x').searchParams;
    expect(Object.fromEntries(params)).toEqual({
      from: '2026-11-26T10:00:00.000Z',
      to: '2026-11-26T10:15:00.000Z',
      provider: 'anthropic',
      model: 'claude sonnet',
      hasErrors: '1',
      errorKind: 'rate_limit',
    });
  });
});

describe('bucketRunsHref', () => {
  const context = { bucketSeconds: 900, from: '2026-11-26T10:05:00.000Z', to: '2026-11-26T12:00:00.000Z', provider: 'openai', model: null };

  it('links the bucket clamped to the window, with the filters', () => {
    const params = new URL(bucketRunsHref('2026-11-26T10:00:00.000Z', context), 'http://x').searchParams;
    expect(Object.fromEntries(params)).toEqual({ from: '2026-11-26T10:05:00.000Z', to: '2026-11-26T10:15:00.000Z', provider: 'openai' });
  });

  it('adds hasErrors for error series', () => {
    const params = new URL(bucketRunsHref('2026-11-26T11:00:00.000Z', context, { hasErrors: true }), 'http://x').searchParams;
    expect(params.get('hasErrors')).toBe('1');
    expect(params.get('errorKind')).toBeNull();
  });
});
