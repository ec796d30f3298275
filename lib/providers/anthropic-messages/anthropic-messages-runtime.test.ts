import { describe, expect, it } from 'vitest';
import { readFixture } from '../core/replay-fixture';
import { NO_RETRY_POLICY } from '../core/retry';
import type { ProviderRequest } from '../core/types';
import { jsonAnswer } from '../testing/recorded-answer';
import { useSentBody } from '../testing/sent-request-body';
import { anthropicMessagesRuntime } from './anthropic-messages-runtime';

/** The body the runtime sends for a request (answered with a recorded Messages body). */
const sentBody = useSentBody({
  runtime: anthropicMessagesRuntime,
  config: (url) => ({ runtime: 'anthropic-messages', apiKey: 'sk-ant-test-runtime-0000000000', baseURL: url, retry: NO_RETRY_POLICY }),
  answer: () => jsonAnswer(readFixture(__dirname, 'anthropic-max-tokens-cache-write.json')),
  path: '/v1/messages',
});

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'claude-sonnet-4-5',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
  ],
  stream: false,
  ...extra,
});

describe('anthropicMessagesRuntime request body', () => {
  it('max_tokens 4096 when unset, system blocks, stop sequences, sampling settings', async () => {
    expect(await sentBody(request({ temperature: 0.3, topP: 0.9, stop: ['END'] }))).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      system: [{ type: 'text', text: 'Be brief.' }],
      temperature: 0.3,
      top_p: 0.9,
      stop_sequences: ['END'],
      stream: false,
    });
  });

  it('thinking from the budget, or from the effort; with it, the temperature and a low top_p are not sent', async () => {
    const budget = await sentBody(request({ maxOutputTokens: 8000, reasoning: { budgetTokens: 2048 }, temperature: 0.3, topP: 0.5 }));
    expect(budget).toMatchObject({ max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(budget).not.toHaveProperty('temperature');
    expect(budget).not.toHaveProperty('top_p');
    expect(await sentBody(request({ maxOutputTokens: 20_000, reasoning: { effort: 'medium' } }))).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 8192 },
    });
  });
});
