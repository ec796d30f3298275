// drain_quota over HTTP: each wire format reports its key's limits falling with every request and
// its tokens, in the provider's own header names and formats, and answers 429 with retry-after once
// a limit is spent; the limit comes back with time.
import { describe, expect, it } from 'vitest';
import type { SimulatorHandle } from './index';
import { useSimulator } from './test-utils';

let sim: SimulatorHandle;
useSimulator((started) => (sim = started));

type Family = 'openai-chat' | 'openai-responses' | 'anthropic' | 'openrouter';
const KEY = 'sk-sim-drain-key-0001';

function request(family: Family, model: string): { path: string; headers: Record<string, string>; body: Record<string, unknown> } {
  const messages = [{ role: 'user', content: 'Tell me something [[words:80]]' }];
  switch (family) {
    case 'openai-chat':
      return { path: '/v1/chat/completions', headers: { authorization: `Bearer ${KEY}` }, body: { model, messages } };
    case 'openai-responses':
      return { path: '/v1/responses', headers: { authorization: `Bearer ${KEY}` }, body: { model, input: messages } };
    case 'anthropic':
      return {
        path: '/v1/messages',
        headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
        body: { model, max_tokens: 500, messages },
      };
    case 'openrouter':
      return { path: '/openrouter/api/v1/chat/completions', headers: { authorization: `Bearer ${KEY}` }, body: { model, messages } };
  }
}

async function call(family: Family, scenario: string, model = 'sim-model') {
  const { path, headers, body } = request(family, model);
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sim-scenario': scenario, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Requests until the first 429 (at most `max`): the answers before it, and the 429 (and when it was asked for). */
async function drain(family: Family, scenario: string, max = 40) {
  const answered = [];
  for (let i = 0; i < max; i++) {
    const sentAt = Date.now();
    const response = await call(family, scenario);
    if (response.status === 429) return { answered, refused: response, refusedSentAt: sentAt };
    expect(response.status).toBe(200);
    answered.push(response);
  }
  throw new Error(`no 429 in ${max} requests`);
}

const num = (headers: Headers, name: string) => Number(headers.get(name));
const decreasing = (values: number[]) => values.every((value, index) => index === 0 || value < values[index - 1]!);

describe('drain_quota', () => {
  it('OpenAI: remaining tokens fall with each answer, then a 429 on tokens per min with retry-after', async () => {
    // About 150 tokens an answer; 1000 a minute come back at 17 a second: falling unless 9 s pass between two calls.
    const { answered, refused } = await drain('openai-chat', 'drain_quota; rpm=1000; tpm=1000');
    expect(answered.length).toBeGreaterThanOrEqual(3);
    const tokens = answered.map((response) => num(response.headers, 'x-ratelimit-remaining-tokens'));
    expect(decreasing(tokens)).toBe(true);
    expect(answered.every((response) => response.headers.get('x-ratelimit-limit-tokens') === '1000')).toBe(true);
    expect(answered.at(-1)!.headers.get('x-ratelimit-reset-tokens')).toMatch(/^(\d+m)?\d+(\.\d+)?s$/);
    expect(JSON.parse(refused.text).error).toMatchObject({ type: 'tokens', code: 'rate_limit_exceeded' });
    expect(JSON.parse(refused.text).error.message).toMatch(
      /^Rate limit reached for sim-model in organization org-simulator on tokens per min \(TPM\): Limit 1000, Used \d+, Requested \d+\. Please try again in [\d.]+s\./,
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect(refused.headers.get('x-ratelimit-remaining-requests')).not.toBeNull();
  });

  it('OpenAI: Chat Completions and Responses draw on one budget per key and model', async () => {
    // 3 a minute: one request comes back in 20 s, far longer than these calls take.
    const scenario = 'drain_quota; rpm=3; tpm=100000';
    const first = await call('openai-chat', scenario);
    const second = await call('openai-responses', scenario);
    const other = await call('openai-chat', scenario, 'another-model');
    expect([first, second, other].map((response) => response.headers.get('x-ratelimit-remaining-requests'))).toEqual(['2', '1', '2']);
  });

  it('Anthropic: output tokens run out first (a quarter of tpm); tokens-* follow the most restrictive; RFC 3339 resets', async () => {
    const { answered, refused } = await drain('anthropic', 'drain_quota; tpm=2000');
    const output = answered.map((response) => num(response.headers, 'anthropic-ratelimit-output-tokens-remaining'));
    expect(decreasing(output)).toBe(true);
    const last = answered.at(-1)!.headers;
    expect(last.get('anthropic-ratelimit-output-tokens-limit')).toBe('500');
    expect(last.get('anthropic-ratelimit-tokens-limit')).toBe('500');
    expect(last.get('anthropic-ratelimit-tokens-remaining')).toBe(last.get('anthropic-ratelimit-output-tokens-remaining'));
    expect(Date.parse(last.get('anthropic-ratelimit-output-tokens-reset')!)).toBeGreaterThan(Date.now());
    expect(JSON.parse(refused.text)).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(JSON.parse(refused.text).error.message).toMatch(/rate limit of 500 output tokens per minute \(org: .+, model: sim-model\)/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('anthropic-ratelimit-output-tokens-remaining')).toBe('0');
  });

  it('OpenRouter: no rate-limit headers while it answers; its 429 carries X-RateLimit-* (reset in epoch ms), also in the body', async () => {
    const { answered, refused } = await drain('openrouter', 'drain_quota; rpm=3');
    expect(answered).toHaveLength(3);
    expect(answered.every((response) => [...response.headers.keys()].every((name) => !name.startsWith('x-ratelimit')))).toBe(true);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('3');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(refused.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(Date.now());
    expect(reset).toBeLessThan(Date.now() + 60_000);
    expect(JSON.parse(refused.text).error).toMatchObject({
      code: 429,
      metadata: { headers: { 'X-RateLimit-Limit': '3', 'X-RateLimit-Remaining': '0' } },
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('the limit comes back on schedule: after retry-after the key is answered again', async () => {
    const scenario = 'drain_quota; rpm=120';
    const { refused, refusedSentAt } = await drain('openai-chat', scenario, 200);
    expect(refused.headers.get('retry-after')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const again = await call('openai-chat', scenario);
    const elapsed = Date.now() - refusedSentAt;
    expect(again.status).toBe(200);
    // Two requests a second came back (a slow machine waited longer: more), one of which this answer took.
    expect(Number(again.headers.get('x-ratelimit-remaining-requests'))).toBeLessThanOrEqual(Math.ceil((elapsed / 1000) * 2));
  });

  it('without drain_quota the defaults are reported and nothing runs out', async () => {
    const response = await call('openai-chat', '');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('4000000');
  });
});
