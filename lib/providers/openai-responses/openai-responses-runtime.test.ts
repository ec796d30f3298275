import { afterEach, describe, expect, it } from 'vitest';
import { ReplayServer } from '../conformance/replay-server';
import { generate } from '../core/execute';
import { readFixture } from '../core/replay-fixture';
import { NO_RETRY_POLICY } from '../core/retry';
import type { ProviderRequest } from '../core/types';
import { openAIResponsesRuntime } from './openai-responses-runtime';

const servers: ReplayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The body the runtime sends for `request` (answered with a recorded Responses body). */
async function sentBody(request: ProviderRequest): Promise<Record<string, unknown>> {
  const server = new ReplayServer({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: readFixture(__dirname, 'openai-responses-incomplete-max-output.json'),
  });
  servers.push(server);
  const url = await server.start();
  const result = await generate(
    openAIResponsesRuntime,
    { runtime: 'openai-responses', apiKey: 'sk-test-responses-runtime-0000', baseURL: `${url}/v1`, retry: NO_RETRY_POLICY },
    request,
  );
  expect(result.error).toBeNull();
  expect(server.requests[0]!.path).toBe('/v1/responses');
  return JSON.parse(server.requests[0]!.body) as Record<string, unknown>;
}

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'o4-mini',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  ...extra,
});

describe('openAIResponsesRuntime request body', () => {
  it('stateless: nothing stored, so the encrypted reasoning is asked for and travels with the conversation', async () => {
    expect(await sentBody(request({ maxOutputTokens: 300, reasoning: { effort: 'low', summary: 'auto' } }))).toEqual({
      model: 'o4-mini',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
      max_output_tokens: 300,
      reasoning: { effort: 'low', summary: 'auto' },
      store: false,
      include: ['reasoning.encrypted_content'],
      stream: false,
    });
  });

  it('previous_response_id threading: stored, nothing included', async () => {
    const body = await sentBody(request({ threading: 'previous-response-id', reasoning: { effort: 'low' } }));
    expect(body).toMatchObject({ store: true, reasoning: { effort: 'low' } });
    expect(body).not.toHaveProperty('include');
  });

  it('reasoning is not sent to a model without it; stop is never sent', async () => {
    const body = await sentBody(request({ model: 'gpt-4.1', temperature: 0.4, stop: ['END'], reasoning: { effort: 'low' } }));
    expect(body).toMatchObject({ temperature: 0.4, store: false });
    expect(body).not.toHaveProperty('reasoning');
    expect(body).not.toHaveProperty('stop');
    expect(body).not.toHaveProperty('include');
  });
});
