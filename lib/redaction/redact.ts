/**
 * The one redaction module: everything that leaves the server (DB rows, logs, error artifacts,
 * exports, pages, the terminal) passes through `redact` / `redactText` first. Besides masking
 * secrets it makes text storable (storable-text.ts): nothing a provider, a tool or a bundle sends
 * can make a write fail.
 */
import { SECRET_RULES } from './secret-rules';
import { secretValues } from './secret-values';
import { storableText } from './storable-text';

export { registerSecretEnvName, registerSecretValue } from './secret-values';

const MASK = '[REDACTED]';
export const REDACTION_MASK = MASK;

type Env = Record<string, string | undefined>;

/** [start, end) of a secret in the text. */
export type Span = readonly [number, number];

/** Where the secrets are in `text`: sorted, overlapping ones merged. */
export function secretSpans(text: string, env: Env = process.env): Span[] {
  return spansOf(text, secretValues(env));
}

function spansOf(text: string, values: readonly string[]): Span[] {
  const spans: [number, number][] = [];
  for (const value of values) {
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) spans.push([at, at + value.length]);
  }
  for (const { pattern, group } of SECRET_RULES) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      const indices = match.indices?.[group];
      if (indices && indices[1] > indices[0]) spans.push([indices[0], indices[1]]);
    }
  }
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [spans[0]!];
  for (const span of spans.slice(1)) {
    const last = merged.at(-1)!;
    if (span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}

/** `text[from, to)` with every secret span inside it masked. */
export function maskSpans(text: string, spans: readonly Span[], from = 0, to = text.length): string {
  let out = '';
  let at = from;
  for (const [start, end] of spans) {
    if (end <= at || start >= to) continue;
    if (start > at) out += text.slice(at, start);
    out += MASK;
    at = Math.min(end, to);
  }
  return out + text.slice(at, to);
}

export function redactText(text: string, env: Env = process.env): string {
  return redactTextWith(text, secretValues(env));
}

function redactTextWith(text: string, values: readonly string[]): string {
  const clean = storableText(text);
  const spans = spansOf(clean, values);
  return spans.length ? maskSpans(clean, spans) : clean;
}

/**
 * Deep-redacts a JSON-like value: every string (keys too, which must be storable), and the whole
 * value of a key named like a secret (`authorization`, `api_key`, …).
 */
export function redact<T>(value: T, env: Env = process.env): T {
  return redactWith(value, secretValues(env));
}

function redactWith<T>(value: T, values: readonly string[]): T {
  if (typeof value === 'string') return redactTextWith(value, values) as T;
  if (Array.isArray(value)) return value.map((item) => redactWith(item, values)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[storableText(key)] = isSecretKey(key) && typeof inner === 'string' && inner.length > 0 ? MASK : redactWith(inner, values);
    }
    return out as T;
  }
  return value;
}

function isSecretKey(key: string): boolean {
  return /^(authorization|proxy-authorization|x-api-key|api[-_]?key|apikey|password|secret|access[-_]?token|client[-_]?secret)$/i.test(key);
}
