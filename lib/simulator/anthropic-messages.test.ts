import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '@/test/wait-until';
import { startSimulator, type SimulatorHandle } from './index';
import { anthropicClient, collect, longPrompt, READ_FILE_TOOL, rejection, SEARCH_TOOL, useSimulator } from './test-utils';

let sim: SimulatorHandle;
let client: Anthropic;

useSimulator((started) => {
  sim = started;
  client = anthropicClient(started);
});

const tools = [READ_FILE_TOOL, SEARCH_TOOL].map(({ name, description, parameters }) => ({ name, description, input_schema: parameters }));
const MODEL = 'claude-sonnet-4-6';
const THINKING = { type: 'enabled' as const, budget_tokens: 2048 };

/** The next request of a tool-using conversation: the user's message, the assistant's `content` carried back, the tool results. */
const carryBack = (user: Anthropic.MessageParam, content: Anthropic.MessageParam['content'], results: Anthropic.MessageParam) =>
  client.messages.create({
    model: MODEL,
    max_tokens: 4096,
    thinking: THINKING,
    tools,
    messages: [user, { role: 'assistant', content }, results],
  });

describe('Anthropic Messages', () => {
  it('answers with text (non-streaming) with realistic ids and headers', async () => {
    const { data, response } = await client.messages
      .create({ model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: 'Hi Claude' }] })
      .withResponse();
    expect(data.id).toMatch(/^msg_01[0-9A-Za-z]{22}$/);
    expect(data.stop_reason).toBe('end_turn');
    expect(data.content).toHaveLength(1);
    expect(data.content[0]!.type === 'text' && data.content[0]!.text).toMatch(/^Simulated answer to: "Hi Claude"\./);
    expect(data.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: 0, service_tier: 'standard' });
    expect(response.headers.get('request-id')).toMatch(/^req_011C[0-9A-Za-z]{20}$/);
    // A token bucket refilled continuously: one request comes back every 15 ms.
    expect(['3999', '4000']).toContain(response.headers.get('anthropic-ratelimit-requests-remaining'));
    expect(response.headers.get('anthropic-ratelimit-input-tokens-limit')).toBe('2000000');
    expect(response.headers.get('anthropic-ratelimit-output-tokens-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('streams text with message_start … message_stop and stops at max_tokens', async () => {
    const events = await collect(
      await client.messages.create({
        model: MODEL,
        max_tokens: 12,
        stream: true,
        messages: [{ role: 'user', content: 'Go [[words:100]]' }],
      }),
    );
    expect(events[0]!.type).toBe('message_start');
    expect(events.slice(-2).map((event) => event.type)).toEqual(['message_delta', 'message_stop']);
    const text = events
      .flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : []))
      .join('');
    expect(text).toHaveLength(48);
    const delta = events.find((event) => event.type === 'message_delta');
    expect(delta?.type === 'message_delta' && [delta.delta.stop_reason, delta.usage.output_tokens]).toEqual(['max_tokens', 12]);

    const final = await client.messages
      .stream({ model: MODEL, max_tokens: 500, messages: [{ role: 'user', content: 'Hello' }] })
      .finalMessage();
    expect(final.content[0]!.type === 'text' && final.content[0]!.text).toMatch(/^Simulated answer to: "Hello"/);
  });

  it('thinks, then calls tools in parallel; accepts the thinking carried back; rejects tampering', async () => {
    const user = { role: 'user' as const, content: 'Use read_file and search_text {"query": "fixme", "max_results": 3, "mode": "exact"}' };
    const stream = client.messages.stream({ model: MODEL, max_tokens: 4096, thinking: THINKING, tools, messages: [user] });
    const rawEvents: string[] = [];
    stream.on('streamEvent', (event) => rawEvents.push(event.type === 'content_block_delta' ? event.delta.type : event.type));
    const first = await stream.finalMessage();
    expect(rawEvents).toContain('thinking_delta');
    expect(rawEvents).toContain('signature_delta');
    expect(rawEvents.filter((type) => type === 'input_json_delta').length).toBeGreaterThan(4);
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use', 'tool_use']);
    const thinking = first.content[0]!;
    if (thinking.type !== 'thinking') throw new Error('no thinking');
    expect(thinking.signature.length).toBeGreaterThan(100);
    const uses = first.content.filter((block) => block.type === 'tool_use');
    expect(uses.map((block) => block.type === 'tool_use' && [block.name, block.input])).toEqual([
      ['read_file', { path: 'README.md' }],
      ['search_text', { query: 'fixme', max_results: 3, mode: 'exact' }],
    ]);
    const results = {
      role: 'user' as const,
      content: uses.map((block) => ({
        type: 'tool_result' as const,
        tool_use_id: block.type === 'tool_use' ? block.id : '',
        content: `result of ${block.type === 'tool_use' ? block.name : ''}`,
      })),
    };

    const second = await carryBack(user, first.content, results);
    expect(second.stop_reason).toBe('end_turn');
    const answer = second.content.find((block) => block.type === 'text');
    expect(answer?.type === 'text' && answer.text).toBe(
      'Tool read_file returned: result of read_file. Tool search_text returned: result of search_text.',
    );
    expect(
      (sim.requests[1]!.body as { messages: Array<{ content: Array<{ signature?: string }> }> }).messages[1]!.content[0]!.signature,
    ).toBe(thinking.signature);

    const tampered = [{ ...thinking, signature: `${thinking.signature.slice(0, -6)}AAAA==` }, ...first.content.slice(1)];
    const invalid = await rejection(carryBack(user, tampered, results));
    expect(invalid).toMatchObject({
      status: 400,
      error: {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'messages.1.content.0: Invalid `signature` in `thinking` block' },
      },
    });

    const edited = [{ ...thinking, thinking: `${thinking.thinking} (edited)` }, ...first.content.slice(1)];
    await expect(carryBack(user, edited, results)).rejects.toMatchObject({ status: 400 });

    const dropped = await rejection(carryBack(user, first.content.slice(1), results));
    expect((dropped as Error).message).toContain(
      'messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `text`. When `thinking` is enabled, a final `assistant` message must start with a thinking block',
    );
  });

  it('adds a redacted_thinking block on request and verifies its data when carried back', async () => {
    const user = { role: 'user' as const, content: 'read_file [[redacted-thinking]]' };
    const first = await client.messages.create({ model: MODEL, max_tokens: 4096, thinking: THINKING, tools, messages: [user] });
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'redacted_thinking', 'text', 'tool_use']);
    const use = first.content[3]!;
    const results = {
      role: 'user' as const,
      content: [{ type: 'tool_result' as const, tool_use_id: use.type === 'tool_use' ? use.id : '', content: 'ok' }],
    };
    const ok = await carryBack(user, first.content, results);
    expect(ok.stop_reason).toBe('end_turn');
    const redacted = first.content[1]!;
    const broken = first.content.map((block) =>
      block === redacted && block.type === 'redacted_thinking' ? { ...block, data: `X${block.data.slice(1)}` } : block,
    );
    await expect(carryBack(user, broken, results)).rejects.toMatchObject({
      status: 400,
    });
  });

  it('validates thinking settings and tool_result pairing like the real API', async () => {
    const small = await rejection(
      client.messages.create({ model: MODEL, max_tokens: 1000, thinking: THINKING, messages: [{ role: 'user', content: 'x' }] }),
    );
    expect((small as Error).message).toContain('`max_tokens` must be greater than `thinking.budget_tokens`');
    const orphan = await rejection(
      client.messages.create({
        model: MODEL,
        max_tokens: 100,
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'y' }] }],
      }),
    );
    expect((orphan as Error).message).toContain('messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x.');
    const forced = await rejection(
      client.messages.create({
        model: MODEL,
        max_tokens: 4096,
        thinking: THINKING,
        tools,
        tool_choice: { type: 'any' },
        messages: [{ role: 'user', content: 'x' }],
      }),
    );
    expect((forced as Error).message).toContain('Thinking may not be enabled when tool_choice forces tool use.');
    const missing = await rejection(client.messages.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] } as never));
    expect((missing as Error).message).toContain('max_tokens: Field required');
  });

  it('caches the prefix up to the last cache_control breakpoint: creation, then read', async () => {
    const system = [{ type: 'text' as const, text: longPrompt(), cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } }];
    const ask = (content: string) =>
      client.messages.create({ model: MODEL, max_tokens: 200, system, messages: [{ role: 'user', content }] });
    const first = await ask('first');
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(first.usage.cache_creation).toEqual({
      ephemeral_5m_input_tokens: 0,
      ephemeral_1h_input_tokens: first.usage.cache_creation_input_tokens,
    });
    const second = await ask('second');
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeLessThan(20);

    const short = await client.messages.create({
      model: MODEL,
      max_tokens: 200,
      system: [{ type: 'text', text: 'short', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(short.usage.cache_creation_input_tokens).toBe(0); // below the 1024-token minimum
  });

  it('writes a prefix only with a response that reported the write: a truncated or abandoned response writes nothing', async () => {
    // A simulator of the test's own, whose log says when it is done with a request the client gave up on.
    const lines: string[] = [];
    const own = await startSimulator({ chunkDelayMs: 0, log: (line) => lines.push(line) });
    try {
      const ownClient = anthropicClient(own);
      const system = [{ type: 'text' as const, text: longPrompt(), cache_control: { type: 'ephemeral' as const } }];
      const body = { model: MODEL, max_tokens: 200, system, messages: [{ role: 'user', content: 'q' }] };
      const post = (headers: Record<string, string> = {}, signal?: AbortSignal) =>
        fetch(`${own.url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-raw', 'anthropic-version': '2023-06-01', ...headers },
          body: JSON.stringify(body),
          signal,
        });
      // 1. A 200 whose JSON is cut off: the client never learns of a write.
      const truncated = await post({ 'x-sim-scenario': 'truncated_json; times=1', 'x-sim-session': 'cache-truncated' });
      const cut = await truncated.text();
      expect(truncated.status).toBe(200);
      expect(() => JSON.parse(cut)).toThrow();
      // 2. A client that gave up before the answer came: it leaves once the simulator has its request,
      // and the simulator answers into the closed connection after its 1 s.
      const abandon = new AbortController();
      const abandoned = post({ 'x-sim-scenario': 'slow_first_byte; ms=1000' }, abandon.signal);
      await waitUntil('the simulator to receive the request', () => own.requests.length === 2, 15_000);
      abandon.abort();
      await expect(abandoned).rejects.toThrow();
      await waitUntil(
        'the simulator to answer the abandoned request',
        () => lines.some((line) => line.includes('[slow_first_byte]')),
        15_000,
      );
      // 3. The first delivered answer writes the prefix; the next one reads it.
      const first = await ownClient.messages.create(body as never);
      expect(first.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: expect.any(Number) });
      expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
      const second = await ownClient.messages.create(body as never);
      expect(second.usage).toMatchObject({
        cache_read_input_tokens: first.usage.cache_creation_input_tokens,
        cache_creation_input_tokens: 0,
      });
    } finally {
      await own.close();
    }
  });

  it('requires anthropic-version and rejects the invalid key with authentication_error', async () => {
    const error = await rejection(
      anthropicClient(sim, {}, 'sk-sim-invalid').messages.create({ model: MODEL, max_tokens: 10, messages: [] }),
    );
    expect(error).toMatchObject({
      status: 401,
      error: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
    });
    const response = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });
  });
});
