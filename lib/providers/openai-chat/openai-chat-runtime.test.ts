import { afterEach, describe, expect, it } from 'vitest';
import { ReplayServer } from '../conformance/replay-server';
import { generate } from '../core/execute';
import { NO_RETRY_POLICY } from '../core/retry';
import type { ProviderRequest } from '../core/types';
import { openAIChatRuntime } from './openai-chat-runtime';

const servers: ReplayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'gpt-4.1',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  ...extra,
});

/** The body the runtime sends for `providerRequest` (answered with a minimal completion). */
async function sentBody(providerRequest: ProviderRequest): Promise<Record<string, unknown>> {
  const server = new ReplayServer(
    providerRequest.stream
      ? {
          status: 200,
          headers: { 'content-type': 'text/event-stream' },
          body: 'data: {"id":"c","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
        }
      : {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}',
        },
  );
  servers.push(server);
  const url = await server.start();
  const result = await generate(
    openAIChatRuntime,
    { runtime: 'openai-chat', apiKey: 'sk-test-openai-chat-runtime-0000', baseURL: `${url}/v1`, retry: NO_RETRY_POLICY },
    providerRequest,
  );
  expect(result.error).toBeNull();
  expect(server.requests[0]!.path).toBe('/v1/chat/completions');
  return JSON.parse(server.requests[0]!.body) as Record<string, unknown>;
}

describe('openAIChatRuntime request body', () => {
  it('max_completion_tokens, stop, reasoning_effort; usage asked for when streaming', async () => {
    expect(
      await sentBody(
        request({ model: 'o4-mini', stream: true, maxOutputTokens: 500, stop: ['END'], reasoning: { effort: 'high' }, temperature: 0.3 }),
      ),
    ).toEqual({
      model: 'o4-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      max_completion_tokens: 500,
      stop: ['END'],
      reasoning_effort: 'high',
      stream_options: { include_usage: true },
      stream: true,
    });
  });

  it('sampling settings for models that take them; parallel_tool_calls only with tools', async () => {
    const tools = [{ name: 'read_file', description: 'Read a file.', inputSchema: { type: 'object' } }];
    expect(await sentBody(request({ temperature: 0.3, topP: 0.8, parallelToolCalls: false }))).toMatchObject({
      temperature: 0.3,
      top_p: 0.8,
    });
    expect(await sentBody(request({ parallelToolCalls: false }))).not.toHaveProperty('parallel_tool_calls');
    expect(await sentBody(request({ tools, toolChoice: 'required', parallelToolCalls: false }))).toMatchObject({
      parallel_tool_calls: false,
      tool_choice: 'required',
    });
  });
});
