import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { SimulatorHandle } from './index';
import { collect, longPrompt, openaiClient, rawPost, READ_FILE_TOOL, rejection, SEARCH_TOOL, useSimulator } from './test-utils';

let sim: SimulatorHandle;
let client: OpenAI;

useSimulator((started) => {
  sim = started;
  client = openaiClient(started);
});

const tools = [READ_FILE_TOOL, SEARCH_TOOL].map((fn) => ({ type: 'function' as const, function: { ...fn } }));

describe('OpenAI Chat Completions', () => {
  it('answers with text (non-streaming) in the real envelope, deterministically', async () => {
    const request = { model: 'gpt-4.1-mini', messages: [{ role: 'user' as const, content: 'What is a monad?' }] };
    const { data, response } = await client.chat.completions.create(request).withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(data.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    const choice = data.choices[0]!;
    expect(choice.finish_reason).toBe('stop');
    expect(choice.message.content).toMatch(/^Simulated answer to: "What is a monad\?"\./);
    // sim-gpt is the terse one of the simulated models: 30 words by default (model-style.ts).
    expect(choice.message.content!.split(/\s+/).length).toBeGreaterThanOrEqual(30);
    expect(choice.message.content!.split(/\s+/).length).toBeLessThan(40);
    expect(data.usage).toMatchObject({ prompt_tokens: expect.any(Number), prompt_tokens_details: { cached_tokens: 0 } });
    expect(data.usage!.total_tokens).toBe(data.usage!.prompt_tokens + data.usage!.completion_tokens);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('openai-processing-ms')).toMatch(/^\d+$/);
    // The key's limits as token buckets: the request and its tokens are taken, and they refill continuously
    // (a whole limit a minute), so by the time the headers are written up to a few ms have come back.
    const header = (name: string) => Number(response.headers.get(name)!.replace(/ms$/, ''));
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('5000');
    expect(['4999', '5000']).toContain(response.headers.get('x-ratelimit-remaining-requests'));
    expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+ms$/);
    expect(header('x-ratelimit-reset-requests')).toBeLessThanOrEqual(12);
    expect(header('x-ratelimit-remaining-tokens')).toBeGreaterThanOrEqual(4_000_000 - data.usage!.total_tokens);
    expect(header('x-ratelimit-remaining-tokens')).toBeLessThanOrEqual(4_000_000);
    expect(response.headers.get('x-ratelimit-reset-tokens')).toMatch(/^\d+ms$/);
    expect(header('x-ratelimit-reset-tokens')).toBeLessThanOrEqual(Math.ceil((data.usage!.total_tokens * 60_000) / 4_000_000));

    const again = await client.chat.completions.create(request);
    expect(again.choices[0]!.message.content).toBe(choice.message.content);
  });

  it('streams text deltas with a usage chunk (choices: []) and [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Tell me a story [[words:120]]' }],
    });
    const chunks = await collect(stream);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(10);
    expect(text.split(/\s+/).length).toBeGreaterThanOrEqual(120);
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason);
    expect(finish!.choices[0]!.finish_reason).toBe('stop');
    const last = chunks[chunks.length - 1]!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.completion_tokens).toBe(Math.ceil(text.length / 4));

    const raw = await rawPost(`${sim.url}/v1/chat/completions`, { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(raw.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(raw.text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(raw.text).not.toContain('"choices":[]'); // no usage chunk without include_usage
  });

  it('calls every named tool in parallel, streaming arguments by index', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      stream: true,
      tools,
      messages: [{ role: 'user', content: 'Use read_file {"path": "src/main.ts"} and then search_text please.' }],
    });
    const chunks = await collect(stream);
    const calls = new Map<number, { id?: string; name?: string; args: string }>();
    let openings = 0;
    for (const chunk of chunks) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        const entry = calls.get(call.index) ?? { args: '' };
        if (call.id) {
          openings += 1;
          entry.id = call.id;
          entry.name = call.function?.name;
          expect(call.function?.arguments).toBe('');
        }
        entry.args += call.function?.arguments ?? '';
        calls.set(call.index, entry);
      }
    }
    expect(openings).toBe(2);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments).length).toBeGreaterThan(4);
    expect([...calls.values()].map((call) => call.name)).toEqual(['read_file', 'search_text']);
    expect(JSON.parse(calls.get(0)!.args)).toEqual({ path: 'src/main.ts' });
    expect(JSON.parse(calls.get(1)!.args)).toEqual({ query: 'example', max_results: 1, mode: 'exact' });
    expect(calls.get(0)!.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it("works with the SDK's stream helper (ChatCompletionStream)", async () => {
    const final = await client.chat.completions
      .stream({
        model: 'gpt-4.1',
        tools,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'read_file and search_text' }],
      })
      .finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(final.choices[0]!.message.tool_calls!.map((call) => call.type === 'function' && call.function.name)).toEqual([
      'read_file',
      'search_text',
    ]);
    expect(final.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('answers tool results with a final text that mentions each result', async () => {
    const first = await client.chat.completions.create({
      model: 'gpt-4.1',
      tools,
      messages: [{ role: 'user', content: 'read_file please' }],
    });
    const message = first.choices[0]!.message;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(message.content).toBeNull();
    const call = message.tool_calls![0]!;
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ path: 'README.md' });
    const second = await client.chat.completions.create({
      model: 'gpt-4.1',
      tools,
      messages: [
        { role: 'user', content: 'read_file please' },
        message,
        { role: 'tool', tool_call_id: call.id, content: '# Switchboard\nA web console for teams.' },
      ],
    });
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.content).toBe('Tool read_file returned: # Switchboard A web console for teams..');
  });

  it('rejects tool messages that do not answer a preceding tool call, as the real API does', async () => {
    const error = await rejection(
      client.chat.completions.create({
        model: 'gpt-4.1',
        messages: [
          { role: 'user', content: 'x' },
          { role: 'tool', tool_call_id: 'call_x', content: 'y' },
        ],
      }),
    );
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'messages.[1].role' });
  });

  it('reports reasoning tokens for reasoning_effort and truncates at max_completion_tokens', async () => {
    const reasoning = await client.chat.completions.create({
      model: 'o4-mini',
      reasoning_effort: 'high',
      messages: [{ role: 'user', content: 'Think.' }],
    });
    expect(reasoning.usage!.completion_tokens_details!.reasoning_tokens).toBe(512);
    expect(reasoning.usage!.completion_tokens).toBeGreaterThan(512);

    const cut = await client.chat.completions.create({
      model: 'gpt-4.1',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Long one [[words:300]]' }],
    });
    expect(cut.choices[0]!.finish_reason).toBe('length');
    expect(cut.choices[0]!.message.content!.length).toBe(40);
    expect(cut.usage!.completion_tokens).toBe(10);
  });

  it('reports cached_tokens for a repeated prefix of at least 1024 tokens, in 128-token steps', async () => {
    const system = longPrompt();
    const ask = (content: string) =>
      client.chat.completions.create({
        model: 'gpt-4.1',
        messages: [
          { role: 'system', content: system },
          { role: 'user', content },
        ],
      });
    const first = await ask('first question');
    expect(first.usage!.prompt_tokens).toBeGreaterThan(1024);
    expect(first.usage!.prompt_tokens_details!.cached_tokens).toBe(0);
    const second = await ask('second question');
    const cached = second.usage!.prompt_tokens_details!.cached_tokens!;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect((cached - 1024) % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(second.usage!.prompt_tokens);
  });

  it('records requests with credentials redacted', async () => {
    await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hello' }] });
    expect(sim.requests).toHaveLength(1);
    const recorded = sim.requests[0]!;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4.1' } });
    expect(recorded.headers.authorization).toBe('[REDACTED]');
    expect(JSON.stringify(recorded)).not.toContain('sk-sim-test-key-0001');
  });

  it('rejects the invalid key with 401 invalid_api_key, and malformed JSON with 400', async () => {
    const error = await rejection(openaiClient(sim, {}, 'sk-sim-invalid').chat.completions.create({ model: 'm', messages: [] }));
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
    expect((error as Error).message).toContain('Incorrect API key provided: sk-sim-i**alid');

    const malformed = await rawPost(`${sim.url}/v1/chat/completions`, '{"model": "m",');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text).error.message).toMatch(/^We could not parse the JSON body of your request/);

    const unknown = await rawPost(`${sim.url}/v1/nope`, {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error.message).toBe('Invalid URL (POST /v1/nope)');
  });
});
