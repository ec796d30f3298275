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
  /** Tokens this request uses, subtracted from the "remaining tokens" counters. */
  tokens?: number;
  /** Report exhausted request limits (rate-limit faults). */
  exhausted?: boolean;
  /** OpenRouter generation id. */
  generationId?: string;
  stream?: boolean;
};

function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function openaiHeaders(options: HeaderOptions): Record<string, string> {
  const processing = options.processingMs ?? 0;
  const tokens = options.tokens ?? 0;
  return {
    ...(options.contentType ? { 'content-type': options.contentType } : {}),
    'access-control-expose-headers': 'X-Request-ID',
    'openai-organization': 'user-simulator',
    'openai-processing-ms': String(processing),
    'openai-project': 'proj_simulator',
    'openai-version': '2020-10-01',
    'x-envoy-upstream-service-time': String(processing + 14),
    'x-ratelimit-limit-requests': '5000',
    'x-ratelimit-limit-tokens': '4000000',
    'x-ratelimit-remaining-requests': options.exhausted ? '0' : '4999',
    'x-ratelimit-remaining-tokens': String(Math.max(0, 4_000_000 - tokens)),
    'x-ratelimit-reset-requests': options.exhausted ? '1s' : '12ms',
    'x-ratelimit-reset-tokens': '26ms',
    'x-request-id': options.requestId,
    'x-content-type-options': 'nosniff',
  };
}

export function anthropicHeaders(options: HeaderOptions): Record<string, string> {
  const tokens = options.tokens ?? 0;
  return {
    ...(options.contentType ? { 'content-type': options.contentType } : {}),
    ...(options.stream ? { 'cache-control': 'no-cache' } : {}),
    'anthropic-ratelimit-input-tokens-limit': '2000000',
    'anthropic-ratelimit-input-tokens-remaining': String(Math.max(0, 2_000_000 - tokens)),
    'anthropic-ratelimit-input-tokens-reset': isoIn(1000),
    'anthropic-ratelimit-output-tokens-limit': '400000',
    'anthropic-ratelimit-output-tokens-remaining': '400000',
    'anthropic-ratelimit-output-tokens-reset': isoIn(1000),
    'anthropic-ratelimit-requests-limit': '4000',
    'anthropic-ratelimit-requests-remaining': options.exhausted ? '0' : '3999',
    'anthropic-ratelimit-requests-reset': isoIn(options.exhausted ? 60_000 : 15),
    'anthropic-ratelimit-tokens-limit': '2400000',
    'anthropic-ratelimit-tokens-remaining': String(Math.max(0, 2_400_000 - tokens)),
    'anthropic-ratelimit-tokens-reset': isoIn(1000),
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
