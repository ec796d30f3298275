import { describe, expect, it } from 'vitest';
import { NO_RETRY_POLICY } from '../core/retry';
import type { ProviderRequest } from '../core/types';
import { jsonAnswer, streamAnswer } from '../testing/recorded-answer';
import { useSentBody } from '../testing/sent-request-body';
import { userRequest } from '../testing/user-request';
import { openAIChatRuntime } from './openai-chat-runtime';

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => userRequest('gpt-4.1', 'Hi', extra);

/** The body the runtime sends for a request (answered with a minimal completion). */
const sentBody = useSentBody({
  runtime: openAIChatRuntime,
  config: (url) => ({ runtime: 'openai-chat', apiKey: 'sk-test-openai-chat-runtime-0000', baseURL: `${url}/v1`, retry: NO_RETRY_POLICY }),
  answer: (providerRequest) =>
    providerRequest.stream
      ? streamAnswer('data: {"id":"c","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n')
      : jsonAnswer('{"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}'),
  path: '/v1/chat/completions',
});

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
