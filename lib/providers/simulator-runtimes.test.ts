// Each runtime, through its official SDK, against the provider simulator over HTTP: a two-turn
// tool-use conversation, streaming and not, with opaque reasoning carried back byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorBaseURL, SIMULATOR_API_KEY } from '@/lib/config/runtime-config';
import { startSimulator, type SimulatorHandle } from '@/lib/simulator';
import { generate } from './core/execute';
import type { RuntimeConfig } from './core/runtime';
import type { Message, ProviderRequest, ProviderResult, RuntimeId, ToolDefinition } from './core/types';
import { providerRuntimes } from './registry';

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const readFile: ToolDefinition = {
  name: 'read_file',
  description: 'Read a file of the workspace.',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

const SETTINGS: Record<RuntimeId, Partial<ProviderRequest>> = {
  'openai-chat': { model: 'sim-gpt' },
  'openai-responses': { model: 'sim-o-reasoner', reasoning: { effort: 'medium', summary: 'auto' } },
  'anthropic-messages': {
    model: 'sim-claude',
    maxOutputTokens: 4096,
    reasoning: { budgetTokens: 1024 },
    cache: { policy: 'system+tools', ttl: '5m' },
  },
  openrouter: { model: 'anthropic/sim-claude', reasoning: { budgetTokens: 1024 } },
};

function config(runtime: RuntimeId, headers: Record<string, string> = {}): RuntimeConfig {
  return {
    runtime,
    apiKey: SIMULATOR_API_KEY,
    baseURL: simulatorBaseURL(sim.url, runtime),
    headers,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxTotalMs: 10_000, maxRetryAfterMs: 5_000 },
  };
}

function request(runtime: RuntimeId, messages: Message[], stream: boolean, extra: Partial<ProviderRequest> = {}): ProviderRequest {
  return { model: 'x', ...SETTINGS[runtime], messages, tools: [readFile], stream, ...extra };
}

const opening: Message[] = [
  { role: 'system', content: 'You are a careful agent.' },
  { role: 'user', content: [{ type: 'text', text: 'Please call read_file {"path": "notes.txt"} and tell me what it says.' }] },
];

function requestsTo(path: string, since: number) {
  return sim.requests.slice(since).filter((recorded) => recorded.path.startsWith(path));
}

function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => collectStrings(item, into));
  return into;
}

function opaqueOf(result: ProviderResult): string[] {
  return result.reasoning.flatMap((part) => [part.encrypted, part.signature, part.text].filter((value): value is string => !!value));
}

const PATHS: Record<RuntimeId, string> = {
  'openai-chat': '/v1/chat/completions',
  'openai-responses': '/v1/responses',
  'anthropic-messages': '/v1/messages',
  openrouter: '/openrouter/api/v1/chat/completions',
};

describe.each(['openai-chat', 'openai-responses', 'anthropic-messages', 'openrouter'] as RuntimeId[])(
  '%s against the simulator',
  (runtimeId) => {
    const runtime = providerRuntimes.get(runtimeId);

    it.each([true, false])('completes a two-turn tool-use conversation (stream: %s), reasoning carried back intact', async (stream) => {
      const since = sim.requests.length;
      const first = await generate(runtime, config(runtimeId), request(runtimeId, opening, stream));
      expect(first.error).toBeNull();
      expect(first.finishReason).toBe('tool_calls');
      expect(first.toolCalls).toEqual([expect.objectContaining({ name: 'read_file', arguments: { path: 'notes.txt' } })]);
      expect(first.streamed).toEqual({ requested: stream, actual: stream, fallbackReason: null });
      expect(first.usage?.inputTokens).toBeGreaterThan(0);
      if (runtimeId !== 'openai-chat') expect(first.reasoning.length).toBeGreaterThan(0);

      const toolMessage: Message = {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: first.toolCalls[0]!.id, toolName: 'read_file', output: 'The notes say: ship on Friday.' },
        ],
      };
      const second = await generate(runtime, config(runtimeId), request(runtimeId, [...opening, first.message, toolMessage], stream));
      expect(second.error).toBeNull();
      expect(second.finishReason).toBe('stop');
      expect(second.text).toContain('ship on Friday');

      const sent = requestsTo(PATHS[runtimeId], since);
      expect(sent).toHaveLength(2);
      const carried = collectStrings(sent[1]!.body);
      for (const blob of opaqueOf(first)) expect(carried).toContain(blob);
      if (runtimeId === 'openrouter') {
        const assistant = (sent[1]!.body as { messages: { role: string; reasoning_details?: unknown }[] }).messages.find(
          (m) => m.role === 'assistant',
        );
        expect(assistant?.reasoning_details).toEqual(first.reasoning[0]!.details);
      }
    });
  },
);

describe('openai-responses threading', () => {
  it('previous_response_id mode sends only what is new, chained on the last response', async () => {
    const runtime = providerRuntimes.get('openai-responses');
    const since = sim.requests.length;
    const first = await generate(
      runtime,
      config('openai-responses'),
      request('openai-responses', opening, true, { threading: 'previous-response-id' }),
    );
    expect(first.metadata.responseId).toMatch(/^resp_/);
    const toolMessage: Message = {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: first.toolCalls[0]!.id, toolName: 'read_file', output: 'hello' }],
    };
    const second = await generate(
      runtime,
      config('openai-responses'),
      request('openai-responses', [...opening, first.message, toolMessage], true, { threading: 'previous-response-id' }),
    );
    expect(second.error).toBeNull();
    const body = requestsTo('/v1/responses', since)[1]!.body as {
      previous_response_id?: string;
      input: { type?: string }[];
      store?: boolean;
    };
    expect(body.previous_response_id).toBe(first.metadata.responseId);
    expect(body.input.map((item) => item.type)).toEqual(['function_call_output']);
    expect(body.store).toBe(true);
  });

  it('encrypted reasoning is never replayed to another account', async () => {
    const runtime = providerRuntimes.get('openai-responses');
    const first = await generate(runtime, config('openai-responses'), request('openai-responses', opening, false));
    const since = sim.requests.length;
    const otherAccount = { ...config('openai-responses'), apiKey: 'sk-another-account-key' };
    const toolMessage: Message = {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: first.toolCalls[0]!.id, toolName: 'read_file', output: 'x' }],
    };
    await generate(runtime, otherAccount, request('openai-responses', [...opening, first.message, toolMessage], false));
    const carried = collectStrings(requestsTo('/v1/responses', since)[0]!.body);
    for (const part of first.reasoning) if (part.encrypted) expect(carried).not.toContain(part.encrypted);
  });
});
