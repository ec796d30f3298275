// Webhook URLs are secrets (Slack and Discord URLs carry their token in the path): only http(s)
// is accepted, and anything shown or logged is the masked form — scheme and host, then "…".

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

export function checkWebhookUrl(raw: string): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: 'a full URL such as https://hooks.example.com/…' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: `only http(s) webhook URLs are accepted, not ${url.protocol.replace(/:$/, '')}:` };
  if (!url.hostname) return { ok: false, message: 'the URL has no host' };
  return { ok: true, url };
}

/** "https://hooks.slack.com/…": never the path, query, fragment or credentials. */
export function maskWebhookUrl(raw: string): string {
  const checked = checkWebhookUrl(raw);
  if (!checked.ok) return '(not a valid http(s) URL)';
  const { url } = checked;
  const more = url.username || url.password || (url.pathname && url.pathname !== '/') || url.search || url.hash;
  return `${url.protocol}//${url.host}${more ? '/…' : ''}`;
}

/** Replaces every occurrence of the URL (and its path, where tokens live) in a message by its masked form. */
export function scrubWebhookUrl(text: string, raw: string): string {
  let out = text.split(raw).join(maskWebhookUrl(raw));
  const checked = checkWebhookUrl(raw);
  if (checked.ok && checked.url.pathname.length > 1) out = out.split(checked.url.pathname).join('/…');
  return out;
}
