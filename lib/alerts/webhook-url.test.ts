import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, maskWebhookUrl, scrubWebhookUrl } from './webhook-url';

describe('webhook URLs', () => {
  it('show scheme and host only', () => {
    expect(maskWebhookUrl('https://hooks.slack.com/services/T000/B000/XXXXXXXX')).toBe('https://hooks.slack.com/…');
    expect(maskWebhookUrl('https://discord.com/api/webhooks/123/token-abc')).toBe('https://discord.com/…');
    expect(maskWebhookUrl('http://user:pass@127.0.0.1:9000')).toBe('http://127.0.0.1:9000/…');
    expect(maskWebhookUrl('https://example.com/?token=abc')).toBe('https://example.com/…');
    expect(maskWebhookUrl('https://example.com')).toBe('https://example.com');
    expect(maskWebhookUrl('not a url')).toBe('(not a valid http(s) URL)');
  });

  it('refuse other schemes', () => {
    expect(checkWebhookUrl('https://example.com/x').ok).toBe(true);
    expect(checkWebhookUrl('mailto:ops@example.com')).toEqual({ ok: false, message: 'only http(s) webhook URLs are accepted, not mailto:' });
  });

  it('are scrubbed from error messages', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXXXXX';
    expect(scrubWebhookUrl(`request to ${url} failed`, url)).toBe('request to https://hooks.slack.com/… failed');
    expect(scrubWebhookUrl('POST /services/T000/B000/XXXXXXXX → 404', url)).toBe('POST /… → 404');
  });
});
