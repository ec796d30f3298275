import { describe, expect, it } from 'vitest';
import { ruleInputFromForm, validateAlertRule } from './rule-schema';

const valid = {
  name: 'Rate limits on OpenAI',
  metric: 'rate_limit_incidents',
  comparison: 'gte',
  threshold: '5',
  provider: 'openai',
  model: 'gpt-4.1-mini',
  windowSeconds: '300',
  minCalls: '1',
  enabled: true,
  webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX',
  clearWebhook: false,
};

function errorsOf(input: Record<string, unknown>) {
  const result = validateAlertRule(input);
  if (result.ok) throw new Error('expected field errors');
  return result.fieldErrors;
}

describe('alert rule schema', () => {
  it('turns form strings into a typed rule', () => {
    const result = validateAlertRule(valid);
    expect(result).toEqual({
      ok: true,
      rule: {
        name: 'Rate limits on OpenAI',
        metric: 'rate_limit_incidents',
        comparison: 'gte',
        threshold: 5,
        provider: 'openai',
        model: 'gpt-4.1-mini',
        windowSeconds: 300,
        minCalls: 1,
        enabled: true,
        webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX',
        clearWebhook: false,
      },
    });
  });

  it('takes JSON numbers too, and blank optional fields as absent', () => {
    const result = validateAlertRule({
      ...valid,
      threshold: 2.5,
      windowSeconds: 60,
      minCalls: 3,
      provider: '  ',
      model: '',
      webhookUrl: '',
    });
    expect(result.ok && result.rule).toMatchObject({
      threshold: 2.5,
      windowSeconds: 60,
      minCalls: 3,
      provider: undefined,
      model: undefined,
      webhookUrl: undefined,
    });
  });

  it('names every field that is wrong', () => {
    expect(errorsOf({ ...valid, name: '  ', threshold: 'lots', windowSeconds: '2', minCalls: '0' })).toEqual({
      name: ['name the rule'],
      threshold: ['the threshold must be a number'],
      windowSeconds: ['the window is at least 5 seconds'],
      minCalls: ['at least 1 call'],
    });
    expect(errorsOf({ ...valid, metric: 'vibes', comparison: 'about' })).toEqual({
      metric: ['choose a metric'],
      comparison: ['choose a comparison'],
    });
    expect(errorsOf({ ...valid, threshold: '-1', windowSeconds: String(25 * 3600), minCalls: '1.5' })).toEqual({
      threshold: ['the threshold cannot be negative'],
      windowSeconds: ['the window is at most 24 hours'],
      minCalls: ['a whole number of calls'],
    });
  });

  it('keeps ratios in percent and refuses to fire them on a handful of calls', () => {
    expect(errorsOf({ ...valid, metric: 'error_rate', threshold: '150', minCalls: '1' })).toEqual({
      threshold: ['a percentage between 0 and 100'],
      minCalls: ['a ratio rule needs at least 5 calls before it can fire'],
    });
    expect(errorsOf({ ...valid, metric: 'streaming_success', comparison: 'lt', threshold: '90', minCalls: '4' })).toEqual({
      minCalls: ['a ratio rule needs at least 5 calls before it can fire'],
    });
    expect(validateAlertRule({ ...valid, metric: 'error_rate', threshold: '20', minCalls: '20' }).ok).toBe(true);
    // Counts, latency and cost are not ratios: one call is enough.
    expect(validateAlertRule({ ...valid, metric: 'p95_latency', threshold: '4000', minCalls: '1' }).ok).toBe(true);
    // Quota headroom is a percentage but no ratio of calls: one rate-limit sample tells it.
    expect(validateAlertRule({ ...valid, metric: 'quota_headroom', comparison: 'lt', threshold: '20', minCalls: '1' }).ok).toBe(true);
    expect(errorsOf({ ...valid, metric: 'quota_headroom', comparison: 'lt', threshold: '120', minCalls: '1' })).toEqual({
      threshold: ['a percentage between 0 and 100'],
    });
  });

  it('needs a provider for a model scope', () => {
    expect(errorsOf({ ...valid, provider: '', model: 'gpt-4.1-mini' })).toEqual({ model: ['a model scope needs its provider'] });
  });

  it('accepts only http(s) webhook URLs', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.com/hook', 'data:text/plain,hi']) {
      expect(errorsOf({ ...valid, webhookUrl: url }).webhookUrl?.[0]).toMatch(/^only http\(s\) webhook URLs are accepted/);
    }
    expect(errorsOf({ ...valid, webhookUrl: 'hooks.slack.com/services/x' }).webhookUrl).toEqual([
      'a full URL such as https://hooks.example.com/…',
    ]);
    expect(validateAlertRule({ ...valid, webhookUrl: 'http://127.0.0.1:9000/hook' }).ok).toBe(true);
    expect(errorsOf({ ...valid, clearWebhook: true }).webhookUrl).toEqual(['either a new webhook URL or remove it, not both']);
  });

  it('reads the form: unchecked boxes are false, missing fields undefined', () => {
    const form = new FormData();
    form.set('name', 'x');
    form.set('metric', 'cost_per_hour');
    form.set('threshold', '2');
    const input = ruleInputFromForm(form);
    expect(input).toMatchObject({
      name: 'x',
      metric: 'cost_per_hour',
      threshold: '2',
      comparison: undefined,
      enabled: false,
      clearWebhook: false,
    });
    form.set('enabled', 'on');
    expect(ruleInputFromForm(form).enabled).toBe(true);
    expect(Object.keys(errorsOf(input)).sort()).toEqual(['comparison', 'minCalls', 'windowSeconds']);
  });
});
