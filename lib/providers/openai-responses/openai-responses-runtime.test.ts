import { describe, expect, it } from 'vitest';
import { readFixture } from '../core/replay-fixture';
import { NO_RETRY_POLICY } from '../core/retry';
import type { ProviderRequest } from '../core/types';
import { jsonAnswer } from '../testing/recorded-answer';
import { useSentBody } from '../testing/sent-request-body';
import { userRequest } from '../testing/user-request';
import { openAIResponsesRuntime } from './openai-responses-runtime';

/** The body the runtime sends for a request (answered with a recorded Responses body). */
const sentBody = useSentBody({
  runtime: openAIResponsesRuntime,
  config: (url) => ({
    runtime: 'openai-responses',
    apiKey: 'sk-test-responses-runtime-0000',
    baseURL: `${url}/v1`,
    retry: NO_RETRY_POLICY,
  }),
  answer: () => jsonAnswer(readFixture(__dirname, 'openai-responses-incomplete-max-output.json')),
  path: '/v1/responses',
});

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => userRequest('o4-mini', 'Hi', extra);

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
