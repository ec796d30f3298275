// Fuzz: random and mutated streams for each wire format (split anywhere, garbage, truncation,
// huge lines, invalid UTF-8) through the SSE reader and each runtime's parser. Nothing may throw
// anything but a ProviderRuntimeError, and nothing may hang.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anthropicBodyEvents, anthropicStreamEvents } from './anthropic-messages/anthropic-events';
import { findConformanceCases } from './conformance/find-cases';
import { isProviderRuntimeError } from './core/errors';
import { parseEventData } from './core/response-body';
import { readSse, SseParser } from './core/sse';
import type { StreamEvent } from './core/types';
import { chatResponseEvents, chatStreamEvents } from './openai-compatible/chat-completions-events';
import { responsesBodyEvents, responsesStreamEvents } from './openai-responses/responses-events';

// `npm test` runs a quick pass; `npm run test:faults` the full 50,000 streams per format.
const ITERATIONS = Number(process.env.SWITCHBOARD_FUZZ_ITERATIONS ?? 1_500);

type Format = 'chat' | 'responses' | 'anthropic';
const FORMAT_OF_CASE: Record<string, Format> = {
  'openai-chat': 'chat',
  openrouter: 'chat',
  'openai-responses': 'responses',
  anthropic: 'anthropic',
};
const FORMAT_OF_FOLDER: Record<string, Format> = {
  'openai-compatible': 'chat',
  'openai-chat': 'chat',
  openrouter: 'chat',
  'openai-responses': 'responses',
  'anthropic-messages': 'anthropic',
};

type Seeds = Record<Format, { stream: string[]; body: string[] }>;

/** Seeds: every recorded 200 body — the runtimes' raw recordings and conformance cases, and the extra cases when named. */
function seeds(): Seeds {
  const out: Seeds = { chat: { stream: [], body: [] }, responses: { stream: [], body: [] }, anthropic: { stream: [], body: [] } };
  for (const [folder, format] of Object.entries(FORMAT_OF_FOLDER)) {
    const fixtures = join(__dirname, folder, '__fixtures__');
    if (!existsSync(fixtures)) continue;
    for (const file of readdirSync(fixtures)) {
      if (file.endsWith('.chunks.txt')) out[format].stream.push(readFileSync(join(fixtures, file), 'utf8'));
      else if (file.endsWith('.json')) out[format].body.push(readFileSync(join(fixtures, file), 'utf8'));
    }
  }
  const extraDir = process.env.SWITCHBOARD_EXTRA_CONFORMANCE_DIR?.trim();
  const cases = [...findConformanceCases(__dirname), ...(extraDir ? findConformanceCases(extraDir) : [])];
  for (const file of cases) {
    const testCase = JSON.parse(readFileSync(file, 'utf8'));
    const format = FORMAT_OF_CASE[testCase.provider as string];
    if (!format || testCase.response.status !== 200) continue;
    (testCase.request_hint.stream ? out[format].stream : out[format].body).push(testCase.response.body);
  }
  return out;
}

let state = 0x9e3779b9;
function random(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}
const int = (max: number) => Math.floor(random() * max);

const encoder = new TextEncoder();
const GARBAGE = [
  'data: {',
  'data: [DONE',
  'event: error\ndata: {"type":"error"}',
  ': comment',
  'data: null',
  'data: []',
  'data: {"choices":[{"delta":{"tool_calls":[{"index":"x"}]}}]}',
  '\r\r\n',
  'id: \u0000',
  'data: {"type":"content_block_delta","index":99,"delta":{"type":"text_delta"}}',
  'data: {"type":"response.completed","response":null}',
];

function mutate(seed: string): Uint8Array {
  let text = seed;
  const operations = 1 + int(4);
  for (let i = 0; i < operations; i++) {
    switch (int(7)) {
      case 0:
        text = text.slice(0, int(text.length + 1));
        break;
      case 1: {
        const at = int(text.length + 1);
        text = `${text.slice(0, at)}\n${GARBAGE[int(GARBAGE.length)]}\n\n${text.slice(at)}`;
        break;
      }
      case 2: {
        const at = int(text.length);
        text = `${text.slice(0, at)}${String.fromCharCode(int(128))}${text.slice(at + 1)}`;
        break;
      }
      case 3: {
        const lines = text.split('\n');
        const at = int(lines.length);
        lines.splice(at, 0, lines[int(lines.length)] ?? '');
        text = lines.join('\n');
        break;
      }
      case 4:
        text = text.replace(/\n/g, int(2) ? '\r\n' : '\r');
        break;
      case 5:
        if (int(50) === 0) text += `data: ${'x'.repeat(200_000)}\n\n`;
        break;
      default:
        text = text.replace(/"[a-z_]+":/, `"${['type', 'index', 'delta', 'error', 'usage', 'choices'][int(6)]}":`);
    }
  }
  const bytes = encoder.encode(text);
  if (int(4) === 0 && bytes.length) bytes[int(bytes.length)] = 0xff; // invalid UTF-8
  return bytes;
}

function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const size = 1 + int(Math.min(512, bytes.length - offset));
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

const origin = { runtime: 'openai-chat' as const, account: 'fuzz' };
const context = () => ({ status: 200, requestId: null, origin, info: { responseId: null, modelServed: null, upstreamProvider: null } });

async function drain(events: AsyncIterable<StreamEvent | StreamEvent[]> | Iterable<StreamEvent>): Promise<void> {
  for await (const _event of events) {
    // consume
  }
}

async function runStream(format: Format, bytes: Uint8Array): Promise<void> {
  const items = readSse(chunked(bytes));
  if (format === 'chat') await drain(chatStreamEvents(items, context()));
  else if (format === 'responses') await drain(responsesStreamEvents(items, context()));
  else await drain(anthropicStreamEvents(items, context()));
}

async function runBody(format: Format, bytes: Uint8Array): Promise<void> {
  const raw = new TextDecoder().decode(bytes);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return; // readJsonBody turns this into a non_json error; covered by its own tests
  }
  const ctx = { ...context(), raw };
  if (format === 'chat') await drain(chatResponseEvents(json, ctx));
  else if (format === 'responses') await drain(responsesBodyEvents(json, ctx));
  else await drain(anthropicBodyEvents(json, ctx));
}

describe('wire fuzz', () => {
  const corpus = seeds();

  it.each(['chat', 'responses', 'anthropic'] as Format[])(
    '%s: random and mutated streams and bodies only ever fail with a ProviderRuntimeError',
    async (format) => {
      const { stream, body } = corpus[format];
      expect(stream.length).toBeGreaterThan(0);
      const unexpected: string[] = [];
      let failures = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const useBody = body.length > 0 && i % 5 === 0;
        const seed = useBody ? body[int(body.length)]! : stream[int(stream.length)]!;
        const bytes =
          i % 100 === 99 ? encoder.encode(Array.from({ length: int(400) }, () => String.fromCharCode(int(256))).join('')) : mutate(seed);
        try {
          await (useBody ? runBody(format, bytes) : runStream(format, bytes));
        } catch (error) {
          failures++;
          if (!isProviderRuntimeError(error))
            unexpected.push(`${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`.slice(0, 200));
        }
      }
      expect(unexpected.slice(0, 5)).toEqual([]);
      expect(failures).toBeGreaterThan(0);
    },
    600_000,
  );

  it('the SSE parser never throws on arbitrary text except for an over-long line', () => {
    for (let i = 0; i < 2_000; i++) {
      const parser = new SseParser();
      const text = Array.from({ length: int(300) }, () => String.fromCharCode(int(200))).join('');
      for (const piece of text.match(/[\s\S]{1,17}/g) ?? []) parser.push(piece);
      parser.end();
    }
    expect(() => parseEventData('{"ok": tru', 200, null)).toThrow(/not a JSON object/);
  });
});
