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
    expect(checkWebhookUrl('mailto:ops@example.com')).toEqual({
      ok: false,
      message: 'only http(s) webhook URLs are accepted, not mailto:',
    });
  });

  it('are scrubbed from error messages', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXXXXX';
    expect(scrubWebhookUrl(`request to ${url} failed`, url)).toBe('request to https://hooks.slack.com/… failed');
    expect(scrubWebhookUrl('POST /services/T000/B000/XXXXXXXX → 404', url)).toBe('POST /… → 404');
  });

  it('have their query values and userinfo scrubbed from any text: raw, decoded, percent-encoded, reordered, or as fetch normalized the URL', () => {
    const url = 'http://127.0.0.1:4000/hooks/alerts?channel=ops&token=tk_AAAAAAAAAA%2FBBBBBBBBBB&sig=CCCCCCCCCC';
    expect(scrubWebhookUrl('no such hook: /hooks/alerts?channel=ops&token=tk_AAAAAAAAAA%2FBBBBBBBBBB&sig=CCCCCCCCCC', url)).toBe(
      'no such hook: /…?…',
    );
    expect(scrubWebhookUrl('bad parameters: sig=CCCCCCCCCC, token=tk_AAAAAAAAAA/BBBBBBBBBB', url)).toBe('bad parameters: sig=…, token=…');
    expect(scrubWebhookUrl(`{"url":"${encodeURIComponent(url)}"}`, url)).toBe('{"url":"http://127.0.0.1:4000/…"}');
    expect(scrubWebhookUrl('moved to https://127.0.0.1:4000/hooks/alerts?sig=CCCCCCCCCC&token=tk_AAAAAAAAAA%2fBBBBBBBBBB', url)).toBe(
      'moved to https://127.0.0.1:4000/…?sig=…&token=…',
    );
    expect(scrubWebhookUrl('invalid token "tk_AAAAAAAAAA/BBBBBBBBBB" (format json)', url)).toBe('invalid token "…" (format json)');
    const withCredentials = 'http://hook-user:s3cr3t-pw@LOCALHOST:9?token=abcdefgh';
    expect(scrubWebhookUrl('cannot: http://hook-user:s3cr3t-pw@localhost:9/?token=abcdefgh', withCredentials)).toBe(
      'cannot: http://localhost:9/…',
    );
    expect(scrubWebhookUrl('user hook-user:s3cr3t-pw@ refused; password s3cr3t-pw', withCredentials)).toBe('user …@ refused; password …');
  });

  it('leave short query values alone outside their URL (they are words, not tokens)', () => {
    expect(scrubWebhookUrl('format=json is not accepted; send json', 'https://example.com/hook?format=json&token=abcdefghij')).toBe(
      'format=… is not accepted; send json',
    );
  });
});
