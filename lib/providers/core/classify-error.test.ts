import { describe, expect, it } from 'vitest';
import { errorFromHttpResponse, readErrorBody, relayedErrorBody, relayedKind } from './classify-error';

const json = (status: number, body: unknown, streamRequested = false) =>
  errorFromHttpResponse({
    status,
    headers: new Headers({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
    streamRequested,
  });
const relay = (code: number, raw: unknown) => ({
  error: { message: 'Provider returned error', code, metadata: { raw, provider_name: 'Upstream' } },
});

describe('relayedErrorBody', () => {
  it('reads the upstream body OpenRouter relays as a JSON string, as a JSON value, or as plain text', () => {
    expect(relayedErrorBody({ raw: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' })).toMatchObject({
      type: 'overloaded_error',
      message: 'Overloaded',
    });
    expect(relayedErrorBody({ raw: { error: { code: 429, message: 'Resource has been exhausted' } } })).toMatchObject({ code: 429 });
    expect(relayedErrorBody({ raw: 'model is temporarily rate-limited upstream' })).toMatchObject({
      message: 'model is temporarily rate-limited upstream',
      type: null,
    });
  });

  it('is null when nothing is relayed', () => {
    expect(relayedErrorBody(null)).toBeNull();
    expect(relayedErrorBody({ provider_name: 'OpenAI' })).toBeNull();
    expect(relayedErrorBody({ raw: '  ' })).toBeNull();
    expect(readErrorBody('{"error":{"message":"Invalid model","code":400}}')?.upstream).toBeNull();
  });
});

describe('relayedKind', () => {
  it('names an overload or a rate limit by type, code or message, and nothing else', () => {
    const body = (fields: object) => ({ message: null, type: null, code: null, param: null, metadata: null, upstream: null, ...fields });
    expect(relayedKind(body({ type: 'overloaded_error' }))).toBe('overloaded');
    expect(relayedKind(body({ message: 'The engine is currently overloaded, please try again later' }))).toBe('overloaded');
    expect(relayedKind(body({ code: 429, message: 'Resource has been exhausted (e.g. check quota).' }))).toBe('rate_limit');
    expect(relayedKind(body({ type: 'rate_limit_error' }))).toBe('rate_limit');
    expect(relayedKind(body({ message: 'is temporarily rate-limited upstream' }))).toBe('rate_limit');
    expect(relayedKind(body({ type: 'invalid_request_error', message: 'max_tokens: must be at most 8192' }))).toBeNull();
  });
});

describe('errorFromHttpResponse with a relayed upstream body', () => {
  const verification = {
    error: {
      message: 'Your organization must be verified to stream this model.',
      type: 'invalid_request_error',
      param: 'stream',
      code: 'unsupported_value',
    },
  };

  it('a rejected stream inside the relay is stream_unsupported for a streaming request, bad_request otherwise', () => {
    expect(json(400, relay(400, JSON.stringify(verification)), true).kind).toBe('stream_unsupported');
    expect(json(400, relay(400, JSON.stringify(verification)), false).kind).toBe('bad_request');
  });

  it('an upstream rate limit or overload is that kind whatever the envelope says', () => {
    expect(
      json(400, relay(400, '{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}}')),
    ).toMatchObject({ kind: 'rate_limit', retryable: true });
    expect(json(502, relay(502, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'))).toMatchObject({
      kind: 'overloaded',
      status: 502,
    });
  });

  it('an upstream quota refusal is not retried', () => {
    const quota = {
      error: {
        message: 'You exceeded your current quota, please check your plan and billing details.',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      },
    };
    expect(json(429, relay(429, JSON.stringify(quota)))).toMatchObject({ kind: 'rate_limit', retryable: false });
  });

  it('any other upstream rejection keeps the envelope kind, with the relay in the details', () => {
    const error = json(
      400,
      relay(400, '{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: must be at most 8192"}}'),
    );
    expect(error).toMatchObject({ kind: 'bad_request', message: 'HTTP 400: Provider returned error' });
    expect(error.details.metadata).toMatchObject({ provider_name: 'Upstream' });
  });

  it('without a relay, classification is by status and the body as before', () => {
    expect(json(400, verification, true).kind).toBe('stream_unsupported');
    expect(json(503, { error: { message: 'The engine is currently overloaded, please try again later', type: 'server_error' } }).kind).toBe(
      'overloaded',
    );
    expect(json(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }).kind).toBe('overloaded');
    expect(json(400, { error: { message: 'Bad', code: 400 } }).kind).toBe('bad_request');
  });
});

describe('errorFromHttpResponse rate-limit headers', () => {
  it('keeps the limit OpenRouter repeats in the body (metadata.headers); the response headers win', () => {
    const body = {
      error: {
        message: 'Rate limit exceeded: free-models-per-min.',
        code: 429,
        metadata: {
          headers: {
            'X-RateLimit-Limit': '20',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': 1765101630000,
            'X-Other': 'x',
            'Bad\nName': '1',
          },
        },
      },
    };
    const error = errorFromHttpResponse({
      status: 429,
      headers: new Headers({ 'x-ratelimit-limit': '21' }),
      body: JSON.stringify(body),
      streamRequested: false,
    });
    expect(error.details.rateLimit).toEqual({
      'x-ratelimit-limit': '21',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '1765101630000',
    });
    expect(json(429, { error: { message: 'x', code: 429, metadata: { headers: 'nope' } } }).details.rateLimit).toEqual({});
  });
});
