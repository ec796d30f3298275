/** Error bodies in each provider's real envelope. */
import { familyHeaders, JSON_TYPE, type Family } from './headers';

export type SimResponse = { status: number; headers: Record<string, string>; body: string };

export type ErrorTarget = { family: Family; requestId: string; extraHeaders?: Record<string, string>; exhausted?: boolean };

function headersFor(target: ErrorTarget): Record<string, string> {
  return {
    ...familyHeaders(target.family, { requestId: target.requestId, contentType: JSON_TYPE[target.family], exhausted: target.exhausted }),
    ...target.extraHeaders,
  };
}

/** OpenAI: `{"error":{"message","type","param","code"}}`, pretty-printed as the real API does. */
export function openaiError(
  target: ErrorTarget,
  status: number,
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
): SimResponse {
  const body = `${JSON.stringify({ error: { message, type, param, code } }, null, 4)}\n`;
  return { status, headers: headersFor(target), body };
}

/** Anthropic: `{"type":"error","error":{"type","message"},"request_id"}`. */
export function anthropicError(target: ErrorTarget, status: number, type: string, message: string): SimResponse {
  const body = JSON.stringify({ type: 'error', error: { type, message }, request_id: target.requestId });
  return { status, headers: headersFor(target), body };
}

/** OpenRouter: `{"error":{"message","code","metadata"?}}`; the HTTP status equals `error.code`. */
export function openrouterError(target: ErrorTarget, status: number, message: string, metadata?: Record<string, unknown>): SimResponse {
  const body = JSON.stringify({ error: { message, code: status, ...(metadata ? { metadata } : {}) } });
  return { status, headers: headersFor(target), body };
}

/** OpenRouter relaying an upstream provider's rejection: "Provider returned error" + the raw body. */
export function openrouterProviderError(target: ErrorTarget, status: number, providerName: string, raw: string): SimResponse {
  return openrouterError(target, status, 'Provider returned error', { raw, provider_name: providerName });
}

/** A 400 for an invalid request, in the family's envelope. */
export function invalidRequest(target: ErrorTarget, message: string, param: string | null = null, code: string | null = null): SimResponse {
  if (target.family === 'anthropic') return anthropicError(target, 400, 'invalid_request_error', message);
  if (target.family === 'openrouter') return openrouterError(target, 400, message);
  return openaiError(target, 400, message, 'invalid_request_error', param, code);
}

/** Body that is not JSON. */
export function malformedJson(target: ErrorTarget): SimResponse {
  if (target.family === 'anthropic') {
    return anthropicError(
      target,
      400,
      'invalid_request_error',
      'There was an error parsing the body of your request. Please ensure it is valid JSON.',
    );
  }
  if (target.family === 'openrouter') return openrouterError(target, 400, 'Invalid JSON body');
  return openaiError(
    target,
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    'invalid_request_error',
  );
}

/** Unknown route. */
export function notFound(target: ErrorTarget, method: string, path: string): SimResponse {
  if (target.family === 'anthropic') return anthropicError(target, 404, 'not_found_error', 'Not Found');
  if (target.family === 'openrouter') return openrouterError(target, 404, 'Not Found');
  return openaiError(target, 404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
}

/** Masks a key the way OpenAI does in "Incorrect API key provided: sk-sim-i****alid". */
export function maskKey(key: string): string {
  if (key.length <= 12) return `${key.slice(0, 2)}${'*'.repeat(Math.max(3, key.length - 2))}`;
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/** Missing or rejected API key. */
export function authenticationError(target: ErrorTarget, key: string | null): SimResponse {
  if (target.family === 'anthropic') {
    return anthropicError(target, 401, 'authentication_error', key ? 'invalid x-api-key' : 'x-api-key header is required');
  }
  if (target.family === 'openrouter') return openrouterError(target, 401, key ? 'User not found.' : 'No auth credentials found');
  if (!key) {
    return openaiError(
      target,
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      'invalid_request_error',
    );
  }
  return openaiError(
    target,
    401,
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    null,
    'invalid_api_key',
  );
}
