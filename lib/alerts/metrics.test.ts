import { describe, expect, it } from 'vitest';
import { countSample, describeCondition, describeScope, formatMetricValue, formatWindow } from './metrics';
import { incidentRunsLinks } from './runs-link';

describe('alert metric text', () => {
  it('writes values in the metric unit', () => {
    expect(formatMetricValue('error_rate', 12.345)).toBe('12.3 %');
    expect(formatMetricValue('rate_limit_incidents', 1)).toBe('1 call');
    expect(formatMetricValue('rate_limit_incidents', 1200)).toBe('1,200 calls');
    expect(formatMetricValue('p95_latency', 1840.4)).toBe('1,840 ms');
    expect(formatMetricValue('cost_per_hour', 0.4213)).toBe('$0.4213/h');
    expect(formatMetricValue('cost_per_hour', 12)).toBe('$12.00/h');
    expect(formatMetricValue('p95_latency', null)).toBe('—');
    expect(formatMetricValue('quota_headroom', 7.25)).toBe('7.3 %');
  });

  it('describes conditions, scopes, windows and samples', () => {
    expect(describeCondition({ metric: 'streaming_success', comparison: 'lt', threshold: 95, windowSeconds: 900 })).toBe(
      'Streaming success < 95 % over 15 min',
    );
    expect(formatWindow(3600)).toBe('1 h');
    expect(formatWindow(45)).toBe('45 s');
    expect(describeScope({ provider: null, model: null })).toBe('all providers');
    expect(describeScope({ provider: 'openai', model: 'gpt-4.1' })).toBe('openai · gpt-4.1');
    expect(countSample('p95_latency', 1)).toBe('1 successful attempt');
    expect(countSample('streaming_success', 3)).toBe('3 attempts whose stream began or was refused');
    expect(describeCondition({ metric: 'quota_headroom', comparison: 'lt', threshold: 20, windowSeconds: 300 })).toBe(
      'Quota headroom < 20 % over 5 min',
    );
    expect(countSample('quota_headroom', 1)).toBe('1 rate-limit sample');
  });
});

describe('runs behind an incident', () => {
  const evidence = {
    provider: 'simulator',
    model: 'sim-gpt',
    windowFrom: '2026-01-01T10:00:00.000Z',
    windowTo: '2026-01-01T10:05:00.000Z',
  };
  it('open the runs list on the window and scope, narrowed to what the metric counts', () => {
    const window = '/runs?from=2026-01-01T10%3A00%3A00.000Z&to=2026-01-01T10%3A05%3A00.000Z&provider=simulator&model=sim-gpt&hasErrors=1';
    // Rate limits count two kinds: all the runs first (every failed call in the window), then each kind.
    expect(incidentRunsLinks({ ...evidence, metric: 'rate_limit_incidents' })).toEqual([
      { label: 'Runs with rate-limited or overloaded calls', href: window },
      { label: 'Rate-limited runs', href: `${window}&errorKind=rate_limit` },
      { label: 'Overloaded runs', href: `${window}&errorKind=overloaded` },
    ]);
    expect(incidentRunsLinks({ ...evidence, metric: 'rate_limit_incidents' }, { rateLimited: 3, overloaded: 2 })).toEqual([
      { label: 'Runs with rate-limited or overloaded calls', href: window },
      { label: 'Rate-limited runs', href: `${window}&errorKind=rate_limit`, calls: 3 },
      { label: 'Overloaded runs', href: `${window}&errorKind=overloaded`, calls: 2 },
    ]);
    // One kind only: its link is exact, and the other kind gets none.
    expect(incidentRunsLinks({ ...evidence, metric: 'rate_limit_incidents' }, { rateLimited: 4, overloaded: 0 })).toEqual([
      { label: 'Rate-limited runs', href: `${window}&errorKind=rate_limit`, calls: 4 },
    ]);
    expect(incidentRunsLinks({ ...evidence, metric: 'rate_limit_incidents' }, { rateLimited: 0, overloaded: 1 })).toEqual([
      { label: 'Overloaded runs', href: `${window}&errorKind=overloaded`, calls: 1 },
    ]);
    expect(incidentRunsLinks({ ...evidence, metric: 'quota_headroom' })).toEqual([
      {
        label: 'Runs in the window',
        href: '/runs?from=2026-01-01T10%3A00%3A00.000Z&to=2026-01-01T10%3A05%3A00.000Z&provider=simulator&model=sim-gpt',
      },
    ]);
    expect(incidentRunsLinks({ ...evidence, metric: 'error_rate' })[0]!.href).toBe(
      '/runs?from=2026-01-01T10%3A00%3A00.000Z&to=2026-01-01T10%3A05%3A00.000Z&provider=simulator&model=sim-gpt&hasErrors=1',
    );
    expect(incidentRunsLinks({ ...evidence, provider: null, model: null, metric: 'p95_latency' })).toEqual([
      { label: 'Runs in the window', href: '/runs?from=2026-01-01T10%3A00%3A00.000Z&to=2026-01-01T10%3A05%3A00.000Z' },
    ]);
  });
});
