// The call loop against a local HTTP server speaking the OpenAI Chat wire format through the SDK.
import { describe, expect, it } from 'vitest';
import type { ReplayResponse } from '../conformance/replay-server';
import { openAIChatRuntime } from '../openai-chat/openai-chat-runtime';
import { collectCall } from '../testing/collect-call';
import { useReplayServers } from '../testing/replay-servers';
import { userRequest } from '../testing/user-request';
import { executeCall, generate } from './execute';
import type { RuntimeConfig } from './runtime';
import type { ProviderRequest } from './types';

const serve = useReplayServers();

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ReplayResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-request-id': `req_${status}`, ...headers },
  body: JSON.stringify(body),
});

const completion = (content: string) =>
  json(200, {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: 'gpt-test',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
  });

const sse = (chunks: unknown[], done = true): ReplayResponse => ({
  status: 200,
  headers: { 'content-type': 'text/event-stream' },
  body: chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : ''),
});

const delta = (content: string, finish: string | null = null) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  model: 'gpt-test',
  choices: [{ index: 0, delta: { content }, finish_reason: finish }],
});

const config = (url: string, extra: Partial<RuntimeConfig> = {}): RuntimeConfig => ({
  runtime: 'openai-chat',
  apiKey: 'sk-test-key-for-execute-tests-000000',
  baseURL: `${url}/v1`,
  retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxTotalMs: 10_000, maxRetryAfterMs: 5_000 },
  ...extra,
});

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => userRequest('gpt-test', 'hi', extra);

describe('executeCall', () => {
  it('retries a 429 after the retry-after it names, then succeeds, recording every attempt', async () => {
    const { server, url } = await serve([
      { status: 429, headers: { 'content-type': 'text/html', 'retry-after': '1' }, body: '<!DOCTYPE html><title>Slow down</title>' },
      completion('done'),
    ]);
    const result = await generate(openAIChatRuntime, config(url), request());
    expect(result.text).toBe('done');
    expect(result.attempts.map((attempt) => [attempt.status, attempt.errorKind, attempt.httpStatus])).toEqual([
      ['error', 'rate_limit', 429],
      ['ok', null, 200],
    ]);
    expect(result.attempts[0]!.retryAfterMs).toBe(1000);
    expect(result.attempts[1]!.waitBeforeMs).toBeGreaterThanOrEqual(1000);
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(1000);
  });

  it('gives up after maxAttempts with the last error, and does not retry what cannot succeed', async () => {
    const { server, url } = await serve([json(503, { error: { message: 'upstream down', type: 'server_error' } })]);
    const result = await generate(openAIChatRuntime, config(url), request());
    expect(result.finishReason).toBe('error');
    expect(result.error).toMatchObject({ kind: 'server', status: 503, requestId: 'req_503' });
    expect(result.attempts).toHaveLength(4);
    expect(server.requests).toHaveLength(4);

    const quota = await serve([
      json(429, {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      }),
    ]);
    const quotaResult = await generate(openAIChatRuntime, config(quota.url), request());
    expect(quotaResult.error).toMatchObject({ kind: 'rate_limit', retryable: false });
    expect(quota.server.requests).toHaveLength(1);
  });

  it('falls back once to a non-streaming call when streaming is rejected, and remembers it', async () => {
    const rejection = json(400, {
      error: {
        message: 'Your organization must be verified to stream this model.',
        type: 'invalid_request_error',
        param: 'stream',
        code: 'unsupported_value',
      },
    });
    const { server, url } = await serve([rejection, completion('not streamed')]);
    const { events, result } = await collectCall(executeCall(openAIChatRuntime, config(url), request({ stream: true })));
    const notices = events.filter((event) => event.type === 'notice');
    expect(notices).toEqual([expect.objectContaining({ notice: 'streaming-disabled' })]);
    expect(result).toMatchObject({ text: 'not streamed', streamed: { requested: true, actual: false } });
    expect(result.streamed.fallbackReason).toContain('must be verified to stream');
    expect(result.session.streamingDisabled?.reason).toContain('must be verified to stream');
    expect(server.requests.map((r) => JSON.parse(r.body).stream)).toEqual([true, false]);

    // The next turn of the run does not try to stream again.
    const next = await serve([completion('again')]);
    const second = await generate(openAIChatRuntime, config(next.url), request({ stream: true, session: result.session }));
    expect(second.streamed).toMatchObject({ requested: true, actual: false });
    expect(JSON.parse(next.server.requests[0]!.body).stream).toBe(false);
  });

  it('does not re-run a stream that broke after output began', async () => {
    const { server, url } = await serve([sse([delta('Hel'), delta('lo')], false)]);
    const result = await generate(openAIChatRuntime, config(url), request({ stream: true }));
    expect(result.error).toMatchObject({ kind: 'network', details: expect.objectContaining({ afterOutput: true }) });
    expect(result.text).toBe('Hello');
    expect(server.requests).toHaveLength(1);
  });

  it('streams text deltas and reports timings and chunk gaps', async () => {
    const { url } = await serve([sse([delta('Hel'), delta('lo', 'stop')])]);
    const { events, result } = await collectCall(executeCall(openAIChatRuntime, config(url), request({ stream: true })));
    expect(events.filter((event) => event.type === 'text-delta').map((event) => (event as { text: string }).text)).toEqual(['Hel', 'lo']);
    expect(result).toMatchObject({ text: 'Hello', finishReason: 'stop', streamed: { requested: true, actual: true } });
    expect(result.timings.firstTokenAt).not.toBeNull();
    expect(result.timings.firstByteAt).not.toBeNull();
    expect(result.metadata.responseId).toBe('chatcmpl-2');
  });

  it('turns tool arguments that are not JSON into an invalid tool call, not a crash', async () => {
    const body = json(200, {
      id: 'c',
      model: 'gpt-test',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path": ' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
    });
    const { url } = await serve([body]);
    const result = await generate(openAIChatRuntime, config(url), request());
    expect(result.toolCalls).toEqual([]);
    expect(result.invalidToolCalls).toEqual([
      { id: 'call_1', name: 'read_file', rawArguments: '{"path": ', error: expect.stringContaining('not valid JSON') },
    ]);
    expect(result.finishReason).toBe('tool_calls');
  });

  it('never returns a key the provider echoed back in an error body', async () => {
    const planted = 'sk-proj-PLANTEDfakeKEYinERRORbody0123456789';
    const { url } = await serve([
      json(401, {
        error: {
          message: `Incorrect API key provided: ${planted}. You can find your API key at https://platform.openai.com.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      }),
    ]);
    const { events, result } = await collectCall(executeCall(openAIChatRuntime, config(url, { apiKey: planted }), request()));
    expect(result.error?.kind).toBe('auth');
    expect(JSON.stringify(result)).not.toContain(planted);
    expect(JSON.stringify(events)).not.toContain(planted);
    expect(result.error?.bodySnippet).toContain('[REDACTED]');
  });

  it('stops a retry wait and a stream when the signal aborts', async () => {
    // A retry-after of 20 s: a wait the abort did not stop would overrun the bound below by far.
    const { url } = await serve([{ status: 429, headers: { 'retry-after': '20' }, body: '' }]);
    const retry = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxTotalMs: 60_000, maxRetryAfterMs: 30_000 };
    const controller = new AbortController();
    const started = Date.now();
    const call = executeCall(openAIChatRuntime, config(url, { retry }), request({ signal: controller.signal }));
    let waiting = false;
    let step = await call.next();
    while (!step.done) {
      const announced = step.value.type === 'notice' && step.value.notice === 'retrying';
      const next = call.next();
      // Aborted once the wait the notice announces has begun.
      if (announced && !waiting) setImmediate(() => controller.abort());
      waiting ||= announced;
      step = await next;
    }
    expect(waiting).toBe(true);
    expect(step.value.error?.kind).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
