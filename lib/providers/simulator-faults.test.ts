// Fault scenarios of the simulator through each runtime: the right kind, snippet, retry-after and
// attempt list; retries that wait as told; the streaming fallback; secrets never returned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorBaseURL, SIMULATOR_API_KEY } from '@/lib/config/runtime-config';
import { startSimulator, type SimulatorHandle } from '@/lib/simulator';
import { executeCall, generate } from './core/execute';
import type { RuntimeConfig } from './core/runtime';
import type { ProviderRequest, RuntimeId, StreamEvent } from './core/types';
import { providerRuntimes } from './registry';

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const RUNTIMES: RuntimeId[] = ['openai-chat', 'openai-responses', 'anthropic-messages', 'openrouter'];
const MODEL: Record<RuntimeId, string> = {
  'openai-chat': 'sim-gpt',
  'openai-responses': 'sim-gpt',
  'anthropic-messages': 'sim-claude',
  openrouter: 'openai/sim-gpt',
};
let session = 0;

function config(runtime: RuntimeId, scenario: string, extra: Partial<RuntimeConfig> = {}): RuntimeConfig {
  return {
    runtime,
    apiKey: SIMULATOR_API_KEY,
    baseURL: simulatorBaseURL(sim.url, runtime),
    headers: { 'x-sim-scenario': scenario, 'x-sim-session': `faults-${runtime}-${++session}` },
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxTotalMs: 20_000, maxRetryAfterMs: 5_000 },
    ...extra,
  };
}

function request(runtime: RuntimeId, stream: boolean, text = 'Say something short.'): ProviderRequest {
  return { model: MODEL[runtime], messages: [{ role: 'user', content: [{ type: 'text', text }] }], stream, maxOutputTokens: 512 };
}

describe.each(RUNTIMES)('%s fault scenarios', (runtimeId) => {
  const runtime = providerRuntimes.get(runtimeId);

  it('a 429 with retry-after: 1 and an HTML page is retried after at least 1 s, then succeeds', async () => {
    const result = await generate(runtime, config(runtimeId, 'rate_limit_html; times=1; retry_after=1'), request(runtimeId, true));
    expect(result.error).toBeNull();
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.attempts.map((attempt) => [attempt.status, attempt.errorKind, attempt.httpStatus])).toEqual([
      ['error', 'rate_limit', 429],
      ['ok', null, 200],
    ]);
    expect(result.attempts[0]!.retryAfterMs).toBe(1000);
    expect(result.attempts[0]!.error?.bodySnippet).toMatch(/^<!DOCTYPE html>|^<html/i);
    expect(result.attempts[1]!.startedAt - result.attempts[0]!.endedAt).toBeGreaterThanOrEqual(1000);
  });

  it('a rejected stream falls back once to a non-streaming call and says so', async () => {
    const call = executeCall(runtime, config(runtimeId, 'stream_unsupported'), request(runtimeId, true));
    const events: StreamEvent[] = [];
    let next = await call.next();
    while (!next.done) {
      events.push(next.value);
      next = await call.next();
    }
    const result = next.value;
    expect(result.error).toBeNull();
    expect(result.streamed).toMatchObject({ requested: true, actual: false });
    expect(events.filter((event) => event.type === 'notice' && event.notice === 'streaming-disabled')).toHaveLength(1);
    expect(result.attempts.map((attempt) => [attempt.streamed, attempt.errorKind])).toEqual([
      [true, 'stream_unsupported'],
      [false, null],
    ]);
    expect(result.session.streamingDisabled).toBeDefined();
  });

  it.each([
    ['auth', false, 'auth', 401, 1],
    ['quota_exhausted', false, runtimeId === 'anthropic-messages' || runtimeId === 'openrouter' ? 'bad_request' : 'rate_limit', null, 1],
    ['overloaded', false, 'overloaded', null, 3],
    ['server_html', false, 'server', 502, 3],
    ['empty_body', false, 'server', 503, 3],
    ['truncated_json', false, 'non_json', 200, 3],
  ] as const)('%s (stream %s) → %s', async (scenario, stream, kind, status, attempts) => {
    const result = await generate(runtime, config(runtimeId, scenario), request(runtimeId, stream));
    expect(result.finishReason).toBe('error');
    expect(result.error?.kind).toBe(kind);
    if (status !== null) expect(result.error?.status).toBe(status);
    expect(result.attempts).toHaveLength(attempts);
    expect(result.error?.hint.length).toBeGreaterThan(10);
    if (scenario === 'server_html') expect(result.error?.bodySnippet).toMatch(/^<html>/);
    if (scenario === 'truncated_json') expect(result.error?.bodySnippet?.length).toBeGreaterThan(0);
  });

  it('an error delivered inside a 200 stream after output began is an error of the call, not re-run', async () => {
    const result = await generate(
      runtime,
      config(runtimeId, 'error_midstream'),
      request(runtimeId, true, 'Tell me a long story. [[words:200]]'),
    );
    expect(result.finishReason).toBe('error');
    expect(['overloaded', 'server']).toContain(result.error?.kind);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.attempts).toHaveLength(1);
  });

  it('a connection cut mid-stream is a network error, not a silent end', async () => {
    const result = await generate(
      runtime,
      config(runtimeId, 'cut_midstream'),
      request(runtimeId, true, 'Tell me a long story. [[words:200]]'),
    );
    expect(result.error?.kind).toBe('network');
    expect(result.attempts).toHaveLength(1);
  });

  it('a slow first byte beyond the timeout is a timeout', async () => {
    const result = await generate(
      runtime,
      config(runtimeId, 'slow_first_byte; ms=1500', {
        timeoutMs: 300,
        retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxTotalMs: 0, maxRetryAfterMs: 0 },
      }),
      request(runtimeId, true),
    );
    expect(result.error?.kind).toBe('timeout');
  });

  it('a key the provider echoes in its error body never appears in what the runtime returns', async () => {
    const planted = 'sk-proj-PLANTEDsimulatorKEY0123456789abcdef';
    const events: StreamEvent[] = [];
    const call = executeCall(runtime, config(runtimeId, 'echo_key_in_error', { apiKey: planted }), request(runtimeId, false));
    let next = await call.next();
    while (!next.done) {
      events.push(next.value);
      next = await call.next();
    }
    expect(next.value.error).not.toBeNull();
    expect(JSON.stringify(next.value)).not.toContain(planted);
    expect(JSON.stringify(events)).not.toContain(planted);
  });
});
