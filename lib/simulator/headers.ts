/** Response headers shaped like each provider's (request ids, rate-limit counters, content types). */

export type Family = 'openai' | 'anthropic' | 'openrouter';

export const JSON_TYPE: Record<Family, string> = {
  openai: 'application/json',
  anthropic: 'application/json',
  openrouter: 'application/json',
};

export const SSE_TYPE: Record<Family, string> = {
  openai: 'text/event-stream; charset=utf-8',
  anthropic: 'text/event-stream; charset=utf-8',
  openrouter: 'text/event-stream',
};

export type HeaderOptions = {
  requestId: string;
  contentType?: string;
  processingMs?: number;
  /** A rate-limit fault: the request limit reported spent (over the key's own rate-limit headers, quota.ts). */
  exhausted?: boolean;
  /** OpenRouter generation id. */
  generationId?: string;
  stream?: boolean;
};

function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The rate-limit headers of a response are the key's (rate-limit-headers.ts, added by the server);
 * these are the rest.
 */
export function openaiHeaders(options: HeaderOptions): Record<string, string> {
  const processing = options.processingMs ?? 0;
  return {
    ...(options.contentType ? { 'content-type': options.contentType } : {}),
    'access-control-expose-headers': 'X-Request-ID',
    'openai-organization': 'user-simulator',
    'openai-processing-ms': String(processing),
    'openai-project': 'proj_simulator',
    'openai-version': '2020-10-01',
    'x-envoy-upstream-service-time': String(processing + 14),
    ...(options.exhausted ? { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' } : {}),
    'x-request-id': options.requestId,
    'x-content-type-options': 'nosniff',
  };
}

export function anthropicHeaders(options: HeaderOptions): Record<string, string> {
  return {
    ...(options.contentType ? { 'content-type': options.contentType } : {}),
    ...(options.stream ? { 'cache-control': 'no-cache' } : {}),
    ...(options.exhausted ? { 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': isoIn(60_000) } : {}),
    'request-id': options.requestId,
    'anthropic-organization-id': '5f0c6a1e-3b7d-4c2a-9e8f-51a7d2c4b6e0',
    'x-envoy-upstream-service-time': String((options.processingMs ?? 0) + 11),
  };
}

export function openrouterHeaders(options: HeaderOptions): Record<string, string> {
  return {
    ...(options.contentType ? { 'content-type': options.contentType } : {}),
    ...(options.stream ? { 'cache-control': 'no-cache' } : {}),
    'access-control-allow-origin': '*',
    ...(options.generationId ? { 'x-generation-id': options.generationId } : {}),
  };
}

export function familyHeaders(family: Family, options: HeaderOptions): Record<string, string> {
  if (family === 'anthropic') return anthropicHeaders(options);
  if (family === 'openrouter') return openrouterHeaders(options);
  return openaiHeaders(options);
}
