/**
 * The 429 a provider answers when a key's limit is spent (quota.ts), in its own words: the body
 * each one sends, its rate-limit headers (rate-limit-headers.ts) and `retry-after` in whole
 * seconds — the time until the limit has room again.
 */
import { anthropicError, openaiError, openrouterError, type ErrorTarget, type SimResponse } from './errors';
import type { QuotaRefusal } from './quota';

const OPENAI_NAMES: Record<QuotaRefusal['dimension'], string> = {
  requests: 'requests per min (RPM)',
  tokens: 'tokens per min (TPM)',
  'input-tokens': 'input tokens per min',
  'output-tokens': 'output tokens per min',
};

const ANTHROPIC_NAMES: Record<QuotaRefusal['dimension'], string> = {
  requests: 'requests per minute',
  tokens: 'tokens per minute',
  'input-tokens': 'input tokens per minute',
  'output-tokens': 'output tokens per minute',
};

export type RefusalContext = {
  target: ErrorTarget;
  model: string;
  /** The tokens the request would use (an estimate from its body). */
  requestedTokens: number;
  /** The key's rate-limit headers as of now. */
  rateLimit: Record<string, string>;
  now: number;
};

export function quotaRefusal(refusal: QuotaRefusal, context: RefusalContext): SimResponse {
  const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
  const target: ErrorTarget = { ...context.target, extraHeaders: { ...context.rateLimit, 'retry-after': String(seconds) } };
  const family = target.family;
  if (family === 'anthropic') {
    return anthropicError(
      target,
      429,
      'rate_limit_error',
      `This request would exceed your organization's rate limit of ${refusal.limit.toLocaleString('en-US')} ${ANTHROPIC_NAMES[refusal.dimension]} (org: 5f0c6a1e-3b7d-4c2a-9e8f-51a7d2c4b6e0, model: ${context.model}). For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.`,
    );
  }
  if (family === 'openrouter') {
    const limitHeaders = {
      'X-RateLimit-Limit': String(refusal.limit),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(context.now + seconds * 1000),
    };
    return openrouterError(
      { ...target, extraHeaders: { ...target.extraHeaders, ...limitHeaders } },
      429,
      `Rate limit exceeded: limit_rpm/${context.model}. High demand for this model; please retry shortly.`,
      {
        headers: limitHeaders,
        provider_name: null,
      },
    );
  }
  const requested = refusal.dimension === 'requests' ? 1 : context.requestedTokens;
  return openaiError(
    target,
    429,
    `Rate limit reached for ${context.model} in organization org-simulator on ${OPENAI_NAMES[refusal.dimension]}: Limit ${refusal.limit}, Used ${refusal.used}, Requested ${requested}. Please try again in ${(refusal.retryAfterMs / 1000).toFixed(3).replace(/\.?0+$/, '')}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    refusal.dimension === 'requests' ? 'requests' : 'tokens',
    null,
    'rate_limit_exceeded',
  );
}
