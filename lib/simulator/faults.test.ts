import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseScenario } from './faults';
import { startSimulator, type SimulatorHandle } from './index';
import { anthropicClient, collect, openaiClient, openrouterClient, rejection } from './test-utils';

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ chunkDelayMs: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

type RouteName = 'openai-chat' | 'openai-responses' | 'anthropic' | 'openrouter';
const KEY = 'sk-sim-fault-key-123456';

function request(route: RouteName, stream = false): { path: string; headers: Record<string, string>; body: Record<string, unknown> } {
  const messages = [{ role: 'user', content: 'Tell me something [[words:80]]' }];
  switch (route) {
    case 'openai-chat':
      return { path: '/v1/chat/completions', headers: { authorization: `Bearer ${KEY}` }, body: { model: 'gpt-4.1', stream, messages } };
    case 'openai-responses':
      return { path: '/v1/responses', headers: { authorization: `Bearer ${KEY}` }, body: { model: 'gpt-4.1', stream, input: messages } };
    case 'anthropic':
      return {
        path: '/v1/messages',
        headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
        body: { model: 'claude-sonnet-4-6', max_tokens: 500, stream, messages },
      };
    case 'openrouter':
      return {
        path: '/openrouter/api/v1/chat/completions',
        headers: { authorization: `Bearer ${KEY}` },
        body: { model: 'anthropic/claude-sonnet-4.5', stream, messages },
      };
  }
}

async function call(route: RouteName, scenario: string, options: { stream?: boolean; session?: string } = {}) {
  const { path, headers, body } = request(route, options.stream);
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-sim-scenario': scenario,
      ...(options.session ? { 'x-sim-session': options.session } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const ROUTES: RouteName[] = ['openai-chat', 'openai-responses', 'anthropic', 'openrouter'];
const family = (route: RouteName) => (route === 'anthropic' ? 'anthropic' : route === 'openrouter' ? 'openrouter' : 'openai');

describe('x-sim-scenario header', () => {
  it('parses names and parameters, and rejects unknown ones', () => {
    expect(parseScenario('rate_limit_html; times=2; retry_after=1', undefined)).toEqual({
      scenario: { name: 'rate_limit_html', params: { times: '2', retry_after: '1' }, times: 2, session: 'global' },
    });
    expect(parseScenario(undefined, undefined)).toEqual({ scenario: null });
    expect(parseScenario('nope', undefined)).toMatchObject({ error: expect.stringContaining("Unknown x-sim-scenario 'nope'") });
    expect(parseScenario('overloaded; colour=red', undefined)).toMatchObject({ error: expect.stringContaining("parameter 'colour'") });
    expect(parseScenario('overloaded; times=x', 's1')).toMatchObject({ error: expect.stringContaining("Invalid value 'x'") });
  });

  it('answers an unknown scenario with a 400 in the provider envelope', async () => {
    const openai = await call('openai-chat', 'bogus');
    expect(openai.status).toBe(400);
    expect(JSON.parse(openai.text).error.message).toContain('Known scenarios: rate_limit_html');
    const anthropic = await call('anthropic', 'bogus');
    expect(JSON.parse(anthropic.text)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });
});

describe.each(ROUTES)('faults on %s', (route) => {
  it('rate_limit_html: 429 text/html slow-down page with retry-after', async () => {
    const response = await call(route, 'rate_limit_html; retry_after=7');
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.text.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(response.text).toContain('slow_down');
    expect(response.text.length).toBeGreaterThan(900);
    const none = await call(route, 'rate_limit_html; retry_after=none');
    expect(none.headers.get('retry-after')).toBeNull();
  });

  it('rate_limit_json: 429 in the provider envelope', async () => {
    const response = await call(route, 'rate_limit_json; retry_after=2; retry_after_ms=1500');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    const body = JSON.parse(response.text);
    if (family(route) === 'openai') {
      expect(body.error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', param: null });
      expect(response.headers.get('retry-after-ms')).toBe('1500');
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    } else if (family(route) === 'anthropic') {
      expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' }, request_id: expect.stringMatching(/^req_011C/) });
      expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    } else {
      expect(body.error).toMatchObject({ code: 429, message: expect.stringContaining('Rate limit exceeded') });
    }
  });

  it('quota_exhausted: the non-retryable quota error', async () => {
    const response = await call(route, 'quota_exhausted');
    const body = JSON.parse(response.text);
    if (family(route) === 'openai') {
      expect(response.status).toBe(429);
      expect(body.error).toMatchObject({
        type: 'insufficient_quota',
        code: 'insufficient_quota',
        message: expect.stringMatching(/^You exceeded your current quota/),
      });
    } else if (family(route) === 'anthropic') {
      expect(response.status).toBe(400);
      expect(body.error).toMatchObject({
        type: 'invalid_request_error',
        message: expect.stringMatching(/^Your credit balance is too low/),
      });
    } else {
      expect(response.status).toBe(402);
      expect(body.error.code).toBe(402);
    }
  });

  it('overloaded: 529 (Anthropic) or 503', async () => {
    const response = await call(route, 'overloaded');
    const body = JSON.parse(response.text);
    if (family(route) === 'anthropic') {
      expect(response.status).toBe(529);
      expect(body.error).toEqual({ type: 'overloaded_error', message: 'Overloaded' });
    } else {
      expect(response.status).toBe(503);
      expect(JSON.stringify(body)).toContain('The engine is currently overloaded, please try again later');
    }
  });

  it('stream_unsupported: 400 for streaming requests only', async () => {
    const streaming = await call(route, 'stream_unsupported', { stream: true });
    expect(streaming.status).toBe(400);
    expect(streaming.text).toMatch(/stream/i);
    if (family(route) === 'openai') {
      expect(JSON.parse(streaming.text).error).toMatchObject({ type: 'invalid_request_error', param: 'stream', code: 'unsupported_value' });
      expect(JSON.parse(streaming.text).error.message).toMatch(/^Your organization must be verified to stream this model/);
    }
    if (family(route) === 'openrouter')
      expect(JSON.parse(streaming.text).error).toMatchObject({ code: 400, metadata: { provider_name: 'Anthropic' } });
    const plain = await call(route, 'stream_unsupported');
    expect(plain.status).toBe(200);
  });

  it('auth: 401 in the provider envelope', async () => {
    const response = await call(route, 'auth');
    expect(response.status).toBe(401);
    const body = JSON.parse(response.text);
    if (family(route) === 'openai') expect(body.error.code).toBe('invalid_api_key');
    if (family(route) === 'anthropic') expect(body.error.type).toBe('authentication_error');
    if (family(route) === 'openrouter') expect(body.error.code).toBe(401);
  });

  it('server_html: 502 nginx page; empty_body: 503 with no body and no content-type', async () => {
    const html = await call(route, 'server_html');
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(html.text).toContain('<title>502 Bad Gateway</title>');
    expect(html.text).toContain('nginx');
    const empty = await call(route, 'empty_body');
    expect(empty.status).toBe(503);
    expect(empty.text).toBe('');
    expect(empty.headers.get('content-type')).toBeNull();
  });

  it('truncated_json: 200 application/json cut mid-object (non-streaming only)', async () => {
    const response = await call(route, 'truncated_json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(() => JSON.parse(response.text)).toThrow();
    expect(response.text.trimStart().startsWith('{')).toBe(true);
    if (route === 'openrouter') expect(response.text.startsWith('\n\n\n{"id":"gen-')).toBe(true);
    const streaming = await call(route, 'truncated_json', { stream: true });
    expect(streaming.status).toBe(200);
    expect(streaming.headers.get('content-type')).toContain('text/event-stream');
  });

  it('echo_key_in_error: a 400 whose message contains the key that was sent', async () => {
    const response = await call(route, 'echo_key_in_error');
    expect(response.status).toBe(400);
    expect(response.text).toContain(KEY);
  });

  it('echo_key_in_stream: the answer repeats the key, streamed a few characters per delta', async () => {
    const streamed = await call(route, 'echo_key_in_stream; chunk=4', { stream: true });
    expect(streamed.status).toBe(200);
    // Responses also sends the whole text in its `done` events, as the real API does; the deltas carry it in pieces.
    if (route !== 'openai-responses') expect(streamed.text).not.toContain(KEY);
    const deltaField = route === 'openai-responses' ? 'delta' : route === 'anthropic' ? 'text' : 'content';
    const pieces = [...streamed.text.matchAll(new RegExp(`"${deltaField}":"((?:[^"\\\\]|\\\\.)*)"`, 'g'))].map(
      (match) => JSON.parse(`"${match[1]}"`) as string,
    );
    expect(pieces.join('')).toContain(KEY);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(4);
    const whole = await call(route, 'echo_key_in_stream');
    expect(whole.status).toBe(200);
    expect(whole.text).toContain(KEY);
  });

  it('times=1 fails only the first request of the session', async () => {
    expect((await call(route, 'overloaded; times=1', { session: 'a' })).status).not.toBe(200);
    expect((await call(route, 'overloaded; times=1', { session: 'b' })).status).not.toBe(200);
    expect((await call(route, 'overloaded; times=1', { session: 'a' })).status).toBe(200);
    expect((await call(route, 'overloaded; times=1', { session: 'b' })).status).toBe(200);
  });

  it('error_midstream: non-streaming requests get the overloaded error', async () => {
    const response = await call(route, 'error_midstream');
    expect(response.status).toBe(family(route) === 'anthropic' ? 529 : 503);
  });

  it('cut_midstream: a non-streaming body is cut and the connection reset', async () => {
    await expect(call(route, 'cut_midstream')).rejects.toThrow();
  });
});

describe('mid-stream faults through the SDKs', () => {
  const scenario = (name: string) => ({ 'x-sim-scenario': name });

  it('OpenAI chat: error chunk after a few deltas throws an APIError; cut resets the connection', async () => {
    const received: string[] = [];
    const stream = await openaiClient(sim, scenario('error_midstream; after=2')).chat.completions.create({
      model: 'gpt-4.1',
      stream: true,
      messages: [{ role: 'user', content: 'long [[words:80]]' }],
    });
    const error = await rejection(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );
    expect((error as Error).message).toContain('The server had an error while processing your request. Sorry about that!');
    expect(received.filter(Boolean)).toHaveLength(2);

    const cut = await openaiClient(sim, scenario('cut_midstream')).chat.completions.create({
      model: 'gpt-4.1',
      stream: true,
      messages: [{ role: 'user', content: 'long [[words:80]]' }],
    });
    await expect(collect(cut)).rejects.toThrow();
  });

  it('OpenAI Responses: response.failed with response.error', async () => {
    const stream = await openaiClient(sim, scenario('error_midstream')).responses.create({
      model: 'gpt-4.1',
      stream: true,
      input: 'long [[words:80]]',
    });
    const events = await collect(stream);
    const last = events[events.length - 1]!;
    expect(last.type).toBe('response.failed');
    expect(last.sequence_number).toBe(events.length - 1);
    expect(last.type === 'response.failed' && last.response.error).toMatchObject({
      code: 'server_error',
      message: expect.stringContaining('An error occurred'),
    });
  });

  it('Anthropic: event: error with overloaded_error; cut with mode=close ends without message_stop', async () => {
    const stream = await anthropicClient(sim, scenario('error_midstream')).messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 500,
      stream: true,
      messages: [{ role: 'user', content: 'long [[words:80]]' }],
    });
    const error = await rejection(collect(stream));
    expect(error).toMatchObject({ error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });

    const closed = await anthropicClient(sim, scenario('cut_midstream; mode=close; after=3')).messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 500,
      stream: true,
      messages: [{ role: 'user', content: 'long [[words:80]]' }],
    });
    const events = await collect(closed);
    expect(events.filter((event) => event.type === 'content_block_delta')).toHaveLength(3);
    expect(events.some((event) => event.type === 'message_stop')).toBe(false);

    const reset = await anthropicClient(sim, scenario('cut_midstream')).messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 500,
      stream: true,
      messages: [{ role: 'user', content: 'long [[words:80]]' }],
    });
    await expect(collect(reset)).rejects.toThrow();
  });

  it('OpenRouter: error chunk with finish_reason "error" throws an APIError', async () => {
    const stream = await openrouterClient(sim, scenario('error_midstream')).chat.completions.create({
      model: 'anthropic/claude-sonnet-4.5',
      stream: true,
      messages: [{ role: 'user', content: 'long [[words:80]]' }],
    });
    const error = await rejection(collect(stream));
    expect((error as Error).message).toContain('Provider disconnected unexpectedly');
  });

  it('times=1 recovery through the SDK, per x-sim-session', async () => {
    const headers = { 'x-sim-scenario': 'rate_limit_json; times=1', 'x-sim-session': 'recovery' };
    const client = openaiClient(sim, headers);
    const create = () => client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    expect(await rejection(create())).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect((await create()).choices[0]!.finish_reason).toBe('stop');
  });

  it('slow_first_byte delays the response headers', async () => {
    const started = Date.now();
    const response = await call('openai-chat', 'slow_first_byte; ms=300');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
