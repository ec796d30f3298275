import { afterEach, describe, expect, it } from 'vitest';
import { ReplayServer } from '../conformance/replay-server';
import { generate } from '../core/execute';
import { readFixture } from '../core/replay-fixture';
import { NO_RETRY_POLICY } from '../core/retry';
import type { ProviderRequest } from '../core/types';
import { anthropicMessagesRuntime } from './anthropic-messages-runtime';

const servers: ReplayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The body the runtime sends for `request` (answered with a recorded Messages body). */
async function sentBody(request: ProviderRequest): Promise<Record<string, unknown>> {
  const server = new ReplayServer({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: readFixture(__dirname, 'anthropic-max-tokens-cache-write.json'),
  });
  servers.push(server);
  const url = await server.start();
  const result = await generate(
    anthropicMessagesRuntime,
    { runtime: 'anthropic-messages', apiKey: 'sk-ant-test-runtime-0000000000', baseURL: url, retry: NO_RETRY_POLICY },
    request,
  );
  expect(result.error).toBeNull();
  expect(server.requests[0]!.path).toBe('/v1/messages');
  return JSON.parse(server.requests[0]!.body) as Record<string, unknown>;
}

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
