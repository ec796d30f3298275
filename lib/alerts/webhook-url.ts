// Webhook URLs are secrets (Slack and Discord URLs carry their token in the path, others in the
// query or the userinfo): only http(s) is accepted, anything shown or logged is the masked form —
// scheme and host, then "…" — and texts that may quote the URL are scrubbed of its secrets.

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

export function checkWebhookUrl(raw: string): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: 'a full URL such as https://hooks.example.com/…' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, message: `only http(s) webhook URLs are accepted, not ${url.protocol.replace(/:$/, '')}:` };
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

/** Secrets this short are ordinary words and numbers (`format=json`, `v=2`): out of their URL context they stay. */
const MIN_BARE_SECRET = 6;

/**
 * Takes the URL's secrets out of a text (a receiver's error body, a fetch error): the whole URL
 * (as configured or as fetch normalized it) becomes its masked form, its path "/…", and its query
 * string, each query value, the userinfo and the fragment "…" — also decoded, percent-encoded
 * (once or twice), with JSON-escaped slashes, and wherever they stand (a receiver may reorder the
 * query). Percent-escapes and letters match in either case.
 */
export function scrubWebhookUrl(text: string, raw: string): string {
  const checked = checkWebhookUrl(raw);
  if (!checked.ok) return raw.trim() ? text.split(raw.trim()).join(maskWebhookUrl(raw)) : text;
  const replacements = secretReplacements(raw.trim(), checked.url);
  const needles = [...replacements.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(needles.map(escapeRegExp).join('|'), 'gi');
  return text.replace(pattern, (match) => replacements.get(match.toLowerCase()) ?? '…');
}

/** Lower-cased needle → what replaces it; the longest needle wins where several start at one place. */
function secretReplacements(raw: string, url: URL): Map<string, string> {
  const replacements = new Map<string, string>();
  const add = (needle: string, replacement: string, minLength = 1) => {
    for (const form of encodings(needle)) {
      if (form.length >= minLength && !replacements.has(form.toLowerCase())) replacements.set(form.toLowerCase(), replacement);
    }
  };
  const masked = maskWebhookUrl(raw);
  for (const whole of [raw, url.href, url.href.replace(/\/$/, ''), `${url.origin}${url.pathname}${url.search}`]) add(whole, masked);
  if (url.pathname.length > 1) add(url.pathname, '/…');
  for (const pair of url.search.slice(1).split('&')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const [key, value] = [pair.slice(0, at), pair.slice(at + 1)];
    if (!value) continue;
    const decoded = safeDecode(value.replace(/\+/g, ' '));
    add(`${key}=${value}`, `${key}=…`);
    add(`${safeDecode(key)}=${decoded}`, `${safeDecode(key)}=…`);
    add(value, '…', MIN_BARE_SECRET);
    add(decoded, '…', MIN_BARE_SECRET);
  }
  if (url.search.length > 1) add(url.search.slice(1), '…');
  if (url.username || url.password) {
    const userinfo = url.password ? `${url.username}:${url.password}` : url.username;
    add(`${userinfo}@`, '…@');
    add(`${safeDecode(url.username)}${url.password ? `:${safeDecode(url.password)}` : ''}@`, '…@');
    for (const part of [url.username, url.password]) {
      add(part, '…', MIN_BARE_SECRET);
      add(safeDecode(part), '…', MIN_BARE_SECRET);
    }
  }
  if (url.hash.length > 1) add(url.hash.slice(1), '…', MIN_BARE_SECRET);
  return replacements;
}

/** The forms a string takes when echoed: as is, percent-encoded once and twice, with JSON-escaped slashes. */
function encodings(text: string): string[] {
  if (!text) return [];
  const once = encodeURIComponent(text);
  return [...new Set([text, once, encodeURIComponent(once), text.replaceAll('/', '\\/')])];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
