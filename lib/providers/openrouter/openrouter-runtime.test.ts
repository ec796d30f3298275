import { describe, expect, it } from 'vitest';
import type { ReplayResponse } from '../conformance/replay-server';
import { executeCall, generate } from '../core/execute';
import { readFixture } from '../core/replay-fixture';
import { NO_RETRY_POLICY } from '../core/retry';
import type { RuntimeConfig } from '../core/runtime';
import type { ProviderRequest } from '../core/types';
import { collectCall } from '../testing/collect-call';
import { streamAnswer } from '../testing/recorded-answer';
import { useReplayServers } from '../testing/replay-servers';
import { openRouterRuntime } from './openrouter-runtime';

const serve = useReplayServers();

const recordedJson = (status: number, name: string): ReplayResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-generation-id': 'gen-fixture' },
  body: readFixture(__dirname, name),
});
const recordedStream = (name: string): ReplayResponse => streamAnswer(readFixture(__dirname, name));

const config = (url: string, extra: Partial<RuntimeConfig> = {}): RuntimeConfig => ({
  runtime: 'openrouter',
  apiKey: 'sk-or-v1-test-key-for-openrouter-runtime-0000',
  baseURL: `${url}/api/v1`,
  retry: NO_RETRY_POLICY,
  ...extra,
});

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'openai/o3',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Read the README.' }] }],
  tools: [{ name: 'read_file', description: 'Read a file.', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } }],
  stream: true,
  ...extra,
});

describe('openRouterRuntime request', () => {
  it("sends app attribution, usage accounting, OpenRouter's reasoning and max_tokens fields; what the model refuses is not sent", async () => {
    const { server, url } = await serve([recordedJson(200, 'openrouter-tool-call-cost.json')]);
    const result = await generate(
      openRouterRuntime,
      config(url, { openrouter: { title: 'Switchboard tests' } }),
      request({
        model: 'x-ai/grok-4',
        stream: false,
        stop: ['END'],
        maxOutputTokens: 900,
        reasoning: { budgetTokens: 2000 },
        parallelToolCalls: false,
      }),
    );
    expect(result.error).toBeNull();
    const sent = server.requests[0]!;
    expect(sent.path).toBe('/api/v1/chat/completions');
    expect(sent.headers).toMatchObject({ 'http-referer': 'http://localhost:3000', 'x-title': 'Switchboard tests' });
    expect(JSON.parse(sent.body)).toMatchObject({
      model: 'x-ai/grok-4',
      max_tokens: 900,
      reasoning: { max_tokens: 2000 },
      parallel_tool_calls: false,
      usage: { include: true },
      stream: false,
    });
    expect(JSON.parse(sent.body)).not.toHaveProperty('stop');
    expect(result.usage).toMatchObject({ inputTokens: 318, outputTokens: 87, reasoningTokens: 64, costUsd: 0.001332 });
    expect(result.metadata).toMatchObject({ upstreamProvider: 'OpenAI', modelServed: 'openai/o3' });
  });
});

describe("issue 12: OpenRouter's 'Provider returned error' is classified from the upstream body it relays", () => {
  it.each([
    ['openrouter-issue-12-relayed-stream-rejection.json', 400, true, 'stream_unsupported', 'OpenAI'],
    ['openrouter-issue-12-relayed-rate-limit.json', 400, false, 'rate_limit', 'Google AI Studio'],
    ['openrouter-issue-12-relayed-overloaded.json', 502, true, 'overloaded', 'Anthropic'],
  ] as const)('%s (HTTP %i, stream %s) → %s', async (fixture, status, stream, kind, providerName) => {
    const { url } = await serve([recordedJson(status, fixture)]);
    const result = await generate(openRouterRuntime, config(url, { streamFallback: { enabled: false } }), request({ stream }));
    expect(result.error).toMatchObject({ kind, status, message: `HTTP ${status}: Provider returned error` });
    expect(result.error!.details.metadata).toMatchObject({ provider_name: providerName });
  });

  it('a relayed overload inside a 200 stream is an overload of the call, after the text that came', async () => {
    const { url } = await serve([recordedStream('openrouter-issue-12-relayed-overloaded-midstream.chunks.txt')]);
    const result = await generate(openRouterRuntime, config(url), request({ model: 'anthropic/claude-sonnet-4.5' }));
    expect(result.text).toBe('Indexes speed up reads but');
    expect(result.error).toMatchObject({
      kind: 'overloaded',
      status: 200,
      retryable: true,
      details: { inStream: true, metadata: { provider_name: 'Anthropic' } },
    });
  });

  it('end to end: a relayed stream rejection falls back once to a non-streaming call, says so, and keeps the decision', async () => {
    const { server, url } = await serve([
      recordedJson(400, 'openrouter-issue-12-relayed-stream-rejection.json'),
      recordedJson(200, 'openrouter-tool-call-cost.json'),
    ]);
    const { events, result } = await collectCall(executeCall(openRouterRuntime, config(url), request()));
    expect(result.error).toBeNull();
    expect(result.toolCalls.map((call) => [call.name, call.arguments])).toEqual([['read_file', { path: 'README.md' }]]);
    expect(result.streamed).toMatchObject({ requested: true, actual: false });
    expect(result.attempts.map((attempt) => [attempt.streamed, attempt.errorKind, attempt.httpStatus])).toEqual([
      [true, 'stream_unsupported', 400],
      [false, null, 200],
    ]);
    expect(events.filter((event) => event.type === 'notice' && event.notice === 'streaming-disabled')).toHaveLength(1);
    expect(result.session.streamingDisabled).toBeDefined();
    expect(server.requests.map((sent) => (JSON.parse(sent.body) as { stream: boolean }).stream)).toEqual([true, false]);
  });
});
