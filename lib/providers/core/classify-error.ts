import { ProviderRuntimeError } from './errors';
import { parseRetryAfterMs, rateLimitHeaders, requestIdFrom } from './retry-after';
import type { ErrorKind } from './types';

/** When a streaming request's rejection means "this model cannot stream" (configurable per profile). */
export type StreamRejectionMatcher = { status?: number; param?: string; messagePattern?: RegExp };

export const DEFAULT_STREAM_REJECTION_MATCHERS: StreamRejectionMatcher[] = [
  // OpenAI: 400 "Your organization must be verified to stream this model…" with param "stream".
  { status: 400, param: 'stream' },
  {
    status: 400,
    messagePattern:
      /must be verified to stream|stream(ing)? (is )?not (supported|available|allowed)|does not support stream|unsupported[^.]*\bstream/i,
  },
  { status: 422, messagePattern: /stream(ing)? (is )?not supported|does not support stream/i },
];

/** A provider error body, whichever envelope it came in (OpenAI, Anthropic, OpenRouter). */
export type ProviderErrorBody = {
  message: string | null;
  type: string | null;
  code: string | number | null;
  param: string | null;
  metadata: unknown;
  /** OpenRouter "Provider returned error": the upstream provider's own error body, as it relayed it. */
  upstream: ProviderErrorBody | null;
};

export function readErrorBody(body: string): ProviderErrorBody | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  return errorBodyOf(parsed);
}

const str = (value: unknown) => (typeof value === 'string' ? value : null);

function errorBodyOf(parsed: unknown): ProviderErrorBody | null {
  if (!parsed || typeof parsed !== 'object') return null;
  const root = parsed as Record<string, unknown>;
  const inner = (root.error && typeof root.error === 'object' ? root.error : root) as Record<string, unknown>;
  const metadata = inner.metadata ?? null;
  return {
    message: str(inner.message) ?? str(root.message),
    type: str(inner.type) ?? (root.type !== 'error' ? str(root.type) : null),
    code: typeof inner.code === 'string' || typeof inner.code === 'number' ? inner.code : null,
    param: str(inner.param),
    metadata,
    upstream: relayedErrorBody(metadata),
  };
}

/**
 * OpenRouter relays an upstream provider's rejection as "Provider returned error" with the
 * provider's body in `metadata.raw` (a JSON string, a JSON value or plain text) and its name in
 * `metadata.provider_name`. Null when the metadata relays nothing.
 */
export function relayedErrorBody(metadata: unknown): ProviderErrorBody | null {
  if (!metadata || typeof metadata !== 'object' || !('raw' in metadata)) return null;
  const raw = (metadata as { raw: unknown }).raw;
  if (typeof raw !== 'string') return errorBodyOf(raw);
  const upstream = readErrorBody(raw);
  if (upstream) return upstream;
  return raw.trim() ? { message: raw, type: null, code: null, param: null, metadata: null, upstream: null } : null;
}

/**
 * OpenRouter's 429 for a limit of its own may carry the limit's headers in the body
 * (`metadata.headers`: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`).
 */
function relayedHeaders(metadata: unknown): Headers {
  const out = new Headers();
  const relayed = metadata && typeof metadata === 'object' ? (metadata as { headers?: unknown }).headers : null;
  if (!relayed || typeof relayed !== 'object') return out;
  for (const [name, value] of Object.entries(relayed)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    try {
      out.set(name, String(value));
    } catch {
      // Not a valid header name or value: a body may hold anything.
    }
  }
  return out;
}

const QUOTA_PATTERN =
  /insufficient_quota|exceeded your current quota|check your plan and billing|credit balance is too low|insufficient credits|out of credits|spend limit|billing hard limit/i;
const OVERLOADED_PATTERN = /overloaded_error|\boverloaded\b/i;
const RATE_LIMITED_PATTERN = /\brate[- ]?limit/i;

function htmlTitle(body: string): string | null {
  const match = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(body);
  return match?.[1]?.trim() ?? null;
}

function kindForStatus(status: number): ErrorKind {
  if (status === 429) return 'rate_limit';
  if (status === 529) return 'overloaded';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/**
 * The kind a relayed upstream body names when the envelope around it hides it: an overload or a
 * rate limit, by type, code or message. Null when it names neither.
 */
export function relayedKind(upstream: ProviderErrorBody): 'overloaded' | 'rate_limit' | null {
  const named = kindForErrorType(upstream.type, upstream.code, 'bad_request');
  if (named === 'overloaded' || named === 'rate_limit') return named;
  if (upstream.message && OVERLOADED_PATTERN.test(upstream.message)) return 'overloaded';
  if (upstream.message && RATE_LIMITED_PATTERN.test(upstream.message)) return 'rate_limit';
  return null;
}

/** The kind an error object names, whatever its HTTP status (errors inside 200 streams). */
export function kindForErrorType(type: string | null, code: string | number | null, fallback: ErrorKind): ErrorKind {
  const tag = `${type ?? ''} ${code ?? ''}`.toLowerCase();
  if (/overloaded|\b529\b/.test(tag)) return 'overloaded';
  if (/rate_limit|rate-limit|too_many_requests|\b429\b/.test(tag)) return 'rate_limit';
  if (/authentication|permission|invalid_api_key|\b401\b|\b403\b/.test(tag)) return 'auth';
  if (/not_found|\b404\b/.test(tag)) return 'not_found';
  if (/timeout|\b408\b|\b504\b/.test(tag)) return 'timeout';
  if (/server_error|api_error|internal|\b50[0-3]\b/.test(tag)) return 'server';
  if (/invalid|bad_request|context_length|content_policy|content_filter|\b400\b|\b402\b|\b413\b|\b422\b/.test(tag)) return 'bad_request';
  return fallback;
}

export type HttpErrorInput = {
  status: number;
  headers: Headers;
  body: string;
  streamRequested: boolean;
  streamRejectionMatchers?: StreamRejectionMatcher[];
};

/** Turns a non-2xx response into a ProviderRuntimeError, from the raw body (never the SDK message). */
export function errorFromHttpResponse(input: HttpErrorInput): ProviderRuntimeError {
  const { status, headers, body, streamRequested } = input;
  const parsed = readErrorBody(body);
  const requestId = requestIdFrom(headers);
  const retryAfterMs = parseRetryAfterMs(headers);
  const contentType = headers.get('content-type') ?? '';
  const reason =
    parsed?.message ?? (body.trim() === '' ? 'empty body' : (htmlTitle(body) ?? `${contentType || 'unknown content type'} body`));
  const message = `HTTP ${status}: ${reason}`;
  const details: Record<string, unknown> = {
    errorType: parsed?.type ?? null,
    errorCode: parsed?.code ?? null,
    param: parsed?.param ?? null,
    contentType: contentType || null,
    // The response's own headers win over those the body repeats.
    rateLimit: { ...rateLimitHeaders(relayedHeaders(parsed?.metadata)), ...rateLimitHeaders(headers) },
  };
  if (parsed?.metadata) details.metadata = parsed.metadata;

  let kind: ErrorKind = kindForStatus(status);
  let retryable: boolean | undefined;
  let hint: string | undefined;
  if (parsed?.type && OVERLOADED_PATTERN.test(parsed.type)) kind = 'overloaded';
  // OpenAI and OpenRouter say "overloaded" in a 503's message rather than in its type.
  if (status === 503 && parsed?.message && OVERLOADED_PATTERN.test(parsed.message)) kind = 'overloaded';
  const matchers = input.streamRejectionMatchers ?? DEFAULT_STREAM_REJECTION_MATCHERS;
  const upstream = parsed?.upstream ?? null;
  if (upstream) kind = relayedKind(upstream) ?? kind;
  if (streamRequested && [parsed, upstream].some((rejection) => matchesStreamRejection(status, rejection, matchers)))
    kind = 'stream_unsupported';
  const quotaText = [parsed, upstream].map((body) => `${body?.type ?? ''} ${body?.code ?? ''} ${body?.message ?? ''}`).join(' ');
  if ((status === 429 || status === 402 || status === 400) && QUOTA_PATTERN.test(quotaText)) {
    retryable = false;
    hint = 'The account is out of quota or credit: retrying will not help. Add credit or raise the spend limit with the provider.';
  }
  if (status === 402) {
    retryable = false;
    hint ??= 'The provider asks for payment (insufficient credits). Add credit to the account.';
  }
  return new ProviderRuntimeError({
    kind,
    message,
    status,
    retryable,
    retryAfterMs,
    requestId,
    body,
    hint,
    details,
  });
}

function matchesStreamRejection(status: number, parsed: ProviderErrorBody | null, matchers: StreamRejectionMatcher[]): boolean {
  return matchers.some((matcher) => {
    if (matcher.status !== undefined && matcher.status !== status) return false;
    if (matcher.param !== undefined && parsed?.param !== matcher.param) return false;
    if (matcher.messagePattern && !matcher.messagePattern.test(parsed?.message ?? '')) return false;
    return matcher.param !== undefined || matcher.messagePattern !== undefined;
  });
}
