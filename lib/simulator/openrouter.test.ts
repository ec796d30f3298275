import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { simulatorBaseUrls, type SimulatorHandle } from './index';
import { collect, longPrompt, openrouterClient, rawPost, READ_FILE_TOOL, rejection, useSimulator } from './test-utils';

let sim: SimulatorHandle;
let client: OpenAI;

useSimulator((started) => {
  sim = started;
  client = openrouterClient(started);
});

const tools = [{ type: 'function' as const, function: { ...READ_FILE_TOOL } }];

/** OpenRouter-only request fields the OpenAI SDK does not type. */
function extra<T extends object>(params: T, fields: Record<string, unknown>): T {
  return { ...params, ...fields };
}

type OpenRouterMessage = {
  content: string | null;
  reasoning?: string | null;
  reasoning_details?: Array<Record<string, unknown>>;
  tool_calls?: unknown[];
};

describe('OpenRouter', () => {
  it('streams with keep-alive comments, provider fields, role in every delta, and a usage chunk with cost', async () => {
    const raw = await rawPost(`${simulatorBaseUrls(sim.url).openrouter}/chat/completions`, {
      model: 'meta-llama/llama-3.3-70b-instruct',
      stream: true,
      messages: [{ role: 'user', content: 'Hello router' }],
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('text/event-stream');
    expect(raw.headers.get('x-generation-id')).toMatch(/^gen-\d+-[0-9A-Za-z]{20}$/);
    expect(raw.text.startsWith(': OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: ')).toBe(true);
    expect(raw.text.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = raw.text
      .split('\n\n')
      .filter((block) => block.startsWith('data: {'))
      .map(
        (block) =>
          JSON.parse(block.slice(6)) as {
            provider: string;
            choices: Array<{ delta: { role?: string }; finish_reason: string | null; native_finish_reason: string | null }>;
            usage?: Record<string, unknown>;
          },
      );
    expect(chunks.every((chunk) => chunk.provider === 'Together' && chunk.choices[0]?.delta.role === 'assistant')).toBe(true);
    const last = chunks[chunks.length - 1]!;
    expect(last.choices[0]!.finish_reason).toBeNull();
    expect(last.usage).toMatchObject({
      is_byok: false,
      cost: expect.any(Number),
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    });
    expect(chunks[chunks.length - 2]!.choices[0]).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'stop' });

    const sdkChunks = await collect(
      await client.chat.completions.create({
        model: 'openai/gpt-4.1',
        stream: true,
        messages: [{ role: 'user', content: 'Hello router' }],
      }),
    );
    expect(sdkChunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toMatch(/^Simulated answer to: "Hello router"\./);
  });

  it('returns Anthropic-style reasoning (reasoning + reasoning.text details with a signature), and checks it is carried back', async () => {
    const model = 'anthropic/claude-sonnet-4.5';
    const user: ChatCompletionMessageParam = { role: 'user', content: 'read_file {"path": "a.txt"}' };
    const first = await client.chat.completions.create(extra({ model, tools, messages: [user] }, { reasoning: { max_tokens: 2000 } }));
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect((choice as unknown as { native_finish_reason: string }).native_finish_reason).toBe('tool_use');
    const message = choice.message as unknown as OpenRouterMessage & ChatCompletionMessageParam;
    expect(message.reasoning).toMatch(/^The user asked/);
    expect(message.reasoning_details).toEqual([
      { type: 'reasoning.text', text: message.reasoning, signature: expect.any(String), format: 'anthropic-claude-v1', index: 0 },
    ]);
    expect(first.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
    const toolCall = choice.message.tool_calls![0]!;
    expect(toolCall.id).toMatch(/^toolu_01/);
    const result: ChatCompletionMessageParam = { role: 'tool', tool_call_id: toolCall.id, content: 'contents of a.txt' };

    const ok = await client.chat.completions.create(
      extra({ model, tools, messages: [user, message, result] }, { reasoning: { max_tokens: 2000 } }),
    );
    expect(ok.choices[0]!.message.content).toBe('Tool read_file returned: contents of a.txt.');

    const { reasoning_details: _dropped, ...bare } = message;
    const missing = await rejection(
      client.chat.completions.create(
        extra({ model, tools, messages: [user, bare as ChatCompletionMessageParam, result] }, { reasoning: { max_tokens: 2000 } }),
      ),
    );
    expect(missing).toMatchObject({
      status: 400,
      error: { message: 'Provider returned error', code: 400, metadata: { provider_name: 'Anthropic' } },
    });
    expect(JSON.stringify((missing as { error: unknown }).error)).toContain(
      'Expected `thinking` or `redacted_thinking`, but found `tool_use`',
    );

    const tampered = { ...message, reasoning_details: [{ ...message.reasoning_details![0], signature: 'AAAA' }] };
    const invalid = await rejection(
      client.chat.completions.create(extra({ model, tools, messages: [user, tampered as ChatCompletionMessageParam, result] }, {})),
    );
    expect(JSON.stringify((invalid as { error: unknown }).error)).toContain('Invalid `signature` in `thinking` block');
  });

  it('streams reasoning in delta.reasoning / delta.reasoning_details, with the signature in its own detail', async () => {
    const chunks = await collect(
      await client.chat.completions.create(
        extra(
          {
            model: 'anthropic/claude-sonnet-4.5',
            stream: true as const,
            messages: [{ role: 'user' as const, content: 'Which is bigger?' }],
          },
          { reasoning: { effort: 'high' } },
        ),
      ),
    );
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta as (OpenRouterMessage & { content?: string }) | undefined);
    const reasoning = deltas.map((delta) => delta?.reasoning ?? '').join('');
    expect(reasoning).toMatch(/^The user asked: "Which is bigger\?"/);
    const signed = deltas.flatMap((delta) => delta?.reasoning_details ?? []).filter((detail) => detail.signature);
    expect(signed).toHaveLength(1);
    expect(signed[0]).not.toHaveProperty('text');
  });

  it('uses reasoning.encrypted details for openai/ models', async () => {
    const response = await client.chat.completions.create(
      extra({ model: 'openai/o4-mini', messages: [{ role: 'user' as const, content: 'hi' }] }, { reasoning: { effort: 'low' } }),
    );
    const message = response.choices[0]!.message as unknown as OpenRouterMessage;
    expect(message.reasoning_details!.map((detail) => detail.type)).toEqual(['reasoning.summary', 'reasoning.encrypted']);
    expect(message.reasoning_details![1]).toMatchObject({
      data: expect.stringMatching(/^gAAAAAB/),
      format: 'openai-responses-v1',
      id: expect.stringMatching(/^rs_/),
    });
    expect(response.usage!.completion_tokens_details!.reasoning_tokens).toBe(64);
  });

  it('reports cached_tokens (automatic) and cache_write_tokens (cache_control) in usage', async () => {
    const system = longPrompt();
    /** The long system prompt (or `systemContent` made of it) and a short question, to `model`. */
    const ask = (model: string, systemContent: string | never[] = system) =>
      client.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: systemContent },
          { role: 'user', content: 'q' },
        ],
      });
    await ask('openai/gpt-4.1');
    const usage = (await ask('openai/gpt-4.1')).usage as unknown as { prompt_tokens_details: { cached_tokens: number }; cost: number };
    expect(usage.prompt_tokens_details.cached_tokens).toBeGreaterThanOrEqual(1024);

    const cached = () =>
      ask('anthropic/claude-sonnet-4.5', [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } } as never]);
    // Anthropic models have no automatic caching: without cache_control, nothing is read or written.
    const plain = () => ask('anthropic/claude-sonnet-4.5');
    await plain();
    expect(((await plain()).usage as unknown as { prompt_tokens_details: unknown }).prompt_tokens_details).toMatchObject({
      cached_tokens: 0,
      cache_write_tokens: 0,
    });

    const write = (await cached()).usage as unknown as { prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number } };
    expect(write.prompt_tokens_details.cache_write_tokens).toBeGreaterThan(1024);
    const read = (await cached()).usage as unknown as { prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number } };
    expect(read.prompt_tokens_details).toMatchObject({
      cached_tokens: write.prompt_tokens_details.cache_write_tokens,
      cache_write_tokens: 0,
    });
  });

  it('rejects the invalid key in the OpenRouter envelope', async () => {
    const error = await rejection(openrouterClient(sim, {}, 'sk-sim-invalid').chat.completions.create({ model: 'x/y', messages: [] }));
    expect(error).toMatchObject({ status: 401, error: { message: 'User not found.', code: 401 } });
  });
});
