import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { executeCall } from '@/lib/providers/core/execute';
import { NO_RETRY_POLICY } from '@/lib/providers/core/retry';
import type { RuntimeId } from '@/lib/providers/core/types';
import { providerRuntimes } from '@/lib/providers/registry';
import { percentile } from '@/lib/store/provider-call-rows';
import { atMost, type BenchFigure } from './figure';

const CHUNKS = 20_000;
const TEXT_CHUNKS = 19_000;
const ROUNDS = 21;

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/** A 20,000-chunk stream (text deltas, then tool-call argument fragments) in each wire format. */
export function body(runtime: RuntimeId): string {
  const parts: string[] = [];
  if (runtime === 'openai-chat' || runtime === 'openrouter') {
    for (let i = 0; i < TEXT_CHUNKS; i++)
      parts.push(
        sse({
          id: 'c',
          object: 'chat.completion.chunk',
          model: 'm',
          choices: [{ index: 0, delta: { content: 'tok ' }, finish_reason: null }],
        }),
      );
    parts.push(
      sse({
        id: 'c',
        object: 'chat.completion.chunk',
        model: 'm',
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'write_file', arguments: '{"content":"' } }],
            },
            finish_reason: null,
          },
        ],
      }),
    );
    for (let i = 1; i < CHUNKS - TEXT_CHUNKS - 1; i++)
      parts.push(
        sse({
          id: 'c',
          object: 'chat.completion.chunk',
          model: 'm',
          choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'ab' } }] }, finish_reason: null }],
        }),
      );
    parts.push(
      sse({
        id: 'c',
        object: 'chat.completion.chunk',
        model: 'm',
        choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"}' } }] }, finish_reason: 'tool_calls' }],
      }),
    );
    parts.push('data: [DONE]\n\n');
  } else if (runtime === 'anthropic-messages') {
    parts.push(
      sse(
        {
          type: 'message_start',
          message: {
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            model: 'm',
            content: [],
            usage: { input_tokens: 10, output_tokens: 1 },
          },
        },
        'message_start',
      ),
    );
    parts.push(sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'));
    for (let i = 0; i < TEXT_CHUNKS; i++)
      parts.push(sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'tok ' } }, 'content_block_delta'));
    parts.push(sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'));
    parts.push(
      sse(
        { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'write_file', input: {} } },
        'content_block_start',
      ),
    );
    parts.push(
      sse(
        { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"content":"' } },
        'content_block_delta',
      ),
    );
    for (let i = 1; i < CHUNKS - TEXT_CHUNKS - 1; i++)
      parts.push(
        sse({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'ab' } }, 'content_block_delta'),
      );
    parts.push(
      sse({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"}' } }, 'content_block_delta'),
    );
    parts.push(sse({ type: 'content_block_stop', index: 1 }, 'content_block_stop'));
    parts.push(
      sse(
        { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20000 } },
        'message_delta',
      ),
    );
    parts.push(sse({ type: 'message_stop' }, 'message_stop'));
  } else {
    let seq = 0;
    const event = (data: Record<string, unknown>) => sse({ ...data, sequence_number: seq++ }, data.type as string);
    parts.push(
      event({ type: 'response.created', response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [] } }),
    );
    parts.push(
      event({
        type: 'response.output_item.added',
        output_index: 0,
        item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] },
      }),
    );
    for (let i = 0; i < TEXT_CHUNKS; i++)
      parts.push(event({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'tok ' }));
    parts.push(
      event({
        type: 'response.output_item.added',
        output_index: 1,
        item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'write_file', arguments: '' },
      }),
    );
    for (let i = 0; i < CHUNKS - TEXT_CHUNKS; i++)
      parts.push(
        event({ type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 1, delta: i === 0 ? '{"content":"' : 'ab' }),
      );
    const args = `{"content":"${'ab'.repeat(CHUNKS - TEXT_CHUNKS - 1)}"}`;
    parts.push(
      event({
        type: 'response.completed',
        response: {
          id: 'resp_1',
          object: 'response',
          status: 'completed',
          model: 'm',
          output: [
            { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '…' }] },
            { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'write_file', arguments: args },
          ],
          usage: { input_tokens: 10, output_tokens: 20000 },
        },
      }),
    );
  }
  return parts.join('');
}

export async function serve(payload: string): Promise<{ url: string; server: Server }> {
  const bytes = Buffer.from(payload);
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'content-length': String(bytes.length) });
      // 64 KiB writes, as a real socket delivers them.
      for (let offset = 0; offset < bytes.length; offset += 65_536) response.write(bytes.subarray(offset, offset + 65_536));
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

type Timing = { totalMs: number; ttftMs: number };

export async function throughRuntime(runtime: RuntimeId, baseURL: string): Promise<Timing> {
  const start = performance.now();
  let first = 0;
  const call = executeCall(
    providerRuntimes.get(runtime),
    { runtime, apiKey: 'sk-bench', baseURL, retry: NO_RETRY_POLICY },
    {
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'go' }] }],
      stream: true,
    },
  );
  for (let next = await call.next(); !next.done; next = await call.next()) {
    if (!first && next.value.type === 'text-delta') first = performance.now();
  }
  return { totalMs: performance.now() - start, ttftMs: first - start };
}

export async function throughSdk(runtime: RuntimeId, baseURL: string): Promise<Timing> {
  const start = performance.now();
  let first = 0;
  if (runtime === 'anthropic-messages') {
    const client = new Anthropic({ apiKey: 'sk-bench', baseURL, maxRetries: 0 });
    const stream = await client.messages.create({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'go' }], stream: true });
    for await (const event of stream) if (!first && event.type === 'content_block_delta') first = performance.now();
  } else if (runtime === 'openai-responses') {
    const client = new OpenAI({ apiKey: 'sk-bench', baseURL, maxRetries: 0 });
    const stream = await client.responses.create({ model: 'm', input: 'go', stream: true });
    for await (const event of stream) if (!first && event.type === 'response.output_text.delta') first = performance.now();
  } else {
    const client = new OpenAI({ apiKey: 'sk-bench', baseURL, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'go' }], stream: true });
    for await (const chunk of stream) if (!first && chunk.choices[0]?.delta?.content) first = performance.now();
  }
  return { totalMs: performance.now() - start, ttftMs: first - start };
}

const BASE_PATH: Record<RuntimeId, string> = {
  'openai-chat': '/v1',
  'openai-responses': '/v1',
  openrouter: '/v1',
  'anthropic-messages': '',
};

/** Median of interleaved A/B rounds: our runtime vs the bare SDK consuming the same stream. */
export async function benchRuntimeOverhead(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const runtime of (process.env.BENCH_RUNTIMES?.split(',') ?? [
    'openai-chat',
    'openai-responses',
    'openrouter',
    'anthropic-messages',
  ]) as RuntimeId[]) {
    const { url, server } = await serve(body(runtime));
    const baseURL = `${url}${BASE_PATH[runtime]}`;
    await throughRuntime(runtime, baseURL);
    await throughSdk(runtime, baseURL);
    const ours: Timing[] = [];
    const bare: Timing[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2) {
        bare.push(await throughSdk(runtime, baseURL));
        ours.push(await throughRuntime(runtime, baseURL));
      } else {
        ours.push(await throughRuntime(runtime, baseURL));
        bare.push(await throughSdk(runtime, baseURL));
      }
    }
    server.close();
    const ratio =
      percentile(
        ours.map((t) => t.totalMs),
        50,
      )! /
      percentile(
        bare.map((t) => t.totalMs),
        50,
      )!;
    const ttftAdded =
      percentile(
        ours.map((t) => t.ttftMs),
        50,
      )! -
      percentile(
        bare.map((t) => t.ttftMs),
        50,
      )!;
    console.log(
      `[bench] ${runtime}: runtime ${percentile(
        ours.map((t) => t.totalMs),
        50,
      )!.toFixed(1)} ms, bare SDK ${percentile(
        bare.map((t) => t.totalMs),
        50,
      )!.toFixed(1)} ms (medians)`,
    );
    figures.push({
      name: `overhead ${runtime}: time ratio runtime / bare SDK (20,000 chunks)`,
      value: Math.round(ratio * 1000) / 1000,
      unit: '×',
      target: atMost(1.05),
    });
    figures.push({
      name: `overhead ${runtime}: TTFT added`,
      value: Math.round(ttftAdded * 100) / 100,
      unit: 'ms',
      target: atMost(2),
    });
  }
  return figures;
}
