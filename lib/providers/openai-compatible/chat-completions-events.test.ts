import { describe, expect, it } from 'vitest';
import { readFixture, replayBody, replayStream } from '../core/replay-fixture';
import type { RuntimeId, StreamEvent } from '../core/types';
import { chatResponseEvents, chatStreamEvents, embeddedError } from './chat-completions-events';

const stream = (name: string, runtime: RuntimeId = 'openai-chat', chunkSize?: number) =>
  replayStream(chatStreamEvents, readFixture(__dirname, name), { runtime, chunkSize });
const body = (name: string, runtime: RuntimeId = 'openai-chat') =>
  replayBody(chatResponseEvents, readFixture(__dirname, name), { runtime });
const ofType = <T extends StreamEvent['type']>(events: StreamEvent[], type: T) =>
  events.filter((event): event is Extract<StreamEvent, { type: T }> => event.type === type);

describe('chatStreamEvents', () => {
  it('text deltas, then usage (cached tokens inside the input) and the finish once [DONE] arrives', async () => {
    expect(await stream('openai-chat-text-usage.chunks.txt')).toMatchInlineSnapshot(`
      {
        "error": null,
        "events": [
          {
            "text": "Postgres",
            "type": "text-delta",
          },
          {
            "text": " keeps",
            "type": "text-delta",
          },
          {
            "text": " MVCC",
            "type": "text-delta",
          },
          {
            "text": " row versions",
            "type": "text-delta",
          },
          {
            "text": ".",
            "type": "text-delta",
          },
          {
            "type": "usage",
            "usage": {
              "cacheReadTokens": 1536,
              "cacheWriteTokens": null,
              "costUsd": null,
              "inputNoCacheTokens": 268,
              "inputTokens": 1804,
              "outputTokens": 9,
              "reasoningTokens": 0,
            },
          },
          {
            "finishReason": "stop",
            "type": "finish",
          },
        ],
        "info": {
          "modelServed": "gpt-4.1-2025-04-14",
          "responseId": "chatcmpl-CUqZ7Yb2v1eKf9NwLr3xTq8sPd5Hm",
          "upstreamProvider": null,
        },
      }
    `);
  });

  it('parallel tool calls: fragments by index, each call complete at the end, in index order', async () => {
    const { events, error } = await stream('openai-chat-parallel-tool-calls.chunks.txt');
    expect(error).toBeNull();
    expect(ofType(events, 'tool-call-delta').map((delta) => [delta.index, delta.id, delta.name, delta.argumentsDelta])).toEqual([
      [0, 'call_8yX2kQmZ1vL4pR7nT0wB5sDf', 'read_file', ''],
      [0, 'call_8yX2kQmZ1vL4pR7nT0wB5sDf', 'read_file', '{"path": "READ'],
      [0, 'call_8yX2kQmZ1vL4pR7nT0wB5sDf', 'read_file', 'ME.md"}'],
      [1, 'call_3hJ6nW9qT2xK5mV8bR1cL4Pz', 'search_text', ''],
      [1, 'call_3hJ6nW9qT2xK5mV8bR1cL4Pz', 'search_text', '{"query": "TODO", "path": "src"}'],
    ]);
    expect(events.slice(-4)).toMatchInlineSnapshot(`
      [
        {
          "call": {
            "arguments": {
              "path": "README.md",
            },
            "id": "call_8yX2kQmZ1vL4pR7nT0wB5sDf",
            "name": "read_file",
            "rawArguments": "{"path": "README.md"}",
            "type": "tool-call",
          },
          "type": "tool-call",
        },
        {
          "call": {
            "arguments": {
              "path": "src",
              "query": "TODO",
            },
            "id": "call_3hJ6nW9qT2xK5mV8bR1cL4Pz",
            "name": "search_text",
            "rawArguments": "{"query": "TODO", "path": "src"}",
            "type": "tool-call",
          },
          "type": "tool-call",
        },
        {
          "type": "usage",
          "usage": {
            "cacheReadTokens": 0,
            "cacheWriteTokens": null,
            "costUsd": null,
            "inputNoCacheTokens": 212,
            "inputTokens": 212,
            "outputTokens": 58,
            "reasoningTokens": 0,
          },
        },
        {
          "finishReason": "tool_calls",
          "type": "finish",
        },
      ]
    `);
  });

  it('gives the same events however the network cuts the stream', async () => {
    const whole = await stream('openai-chat-parallel-tool-calls.chunks.txt');
    for (const chunkSize of [1, 13, 100])
      expect(await stream('openai-chat-parallel-tool-calls.chunks.txt', 'openai-chat', chunkSize)).toEqual(whole);
  });

  it('an error object in the 200 stream fails the call with its kind, after the text that came', async () => {
    const { events, error } = await stream('openai-chat-stream-error.chunks.txt');
    expect(
      ofType(events, 'text-delta')
        .map((delta) => delta.text)
        .join(''),
    ).toBe('The migration has three');
    expect(error).toMatchInlineSnapshot(`
      {
        "details": {
          "errorCode": null,
          "errorType": "server_error",
          "inStream": true,
          "metadata": null,
        },
        "kind": "server",
        "message": "Error in the response: The server had an error while processing your request. Sorry about that!",
        "retryable": true,
        "status": 200,
      }
    `);
  });

  it('a stream cut mid tool arguments is a network error and yields no tool call', async () => {
    const { events, error } = await stream('openai-chat-cut-mid-tool-args.chunks.txt');
    expect(ofType(events, 'tool-call')).toEqual([]);
    expect(ofType(events, 'tool-call-delta')).toHaveLength(2);
    expect(error).toMatchObject({ kind: 'network', message: 'The stream ended before data: [DONE]: the connection was cut.' });
  });

  it('OpenRouter reasoning: shown once as deltas, then one part with the details merged for the next request, before the text', async () => {
    const { events, error, info } = await stream('openrouter-reasoning-details-tool-call.chunks.txt', 'openrouter');
    expect(error).toBeNull();
    expect(info).toEqual({
      responseId: 'gen-1761327300-Xr5Tq9Wm2Lp7Kv3Nz8Bc',
      modelServed: 'anthropic/claude-sonnet-4.5',
      upstreamProvider: 'Anthropic',
    });
    expect(events.map((event) => event.type)).toEqual([
      'reasoning-delta',
      'reasoning-delta',
      'reasoning',
      'text-delta',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call',
      'usage',
      'finish',
    ]);
    expect(ofType(events, 'reasoning-delta').map((delta) => delta.text)).toEqual(['The user wants', ' the README first.']);
    expect(ofType(events, 'reasoning')[0]!.part).toMatchInlineSnapshot(`
      {
        "details": [
          {
            "format": "anthropic-claude-v1",
            "index": 0,
            "signature": "EpIFCkYIBxgCKkBz9YbT3mL1qW8xV0nR6kJ2cH5gF4dS7aP9oI1uY3tR6eW0qZ2xC8vB5nM4lK7jH1gF3dS6aP0oI9uY2tR5eW8qZ1xC4vB7nM0lK3jH6gF9dS2aP5oI8uY1tR4eW7qZ0xC3vB6nM9lK2jH5gF8dS1aP4oI7uY0tR3eW6qZ9xC2vB5nM8lK1jH4g==",
            "text": "The user wants the README first.",
            "type": "reasoning.text",
          },
        ],
        "origin": {
          "account": "fixture-account",
          "runtime": "openrouter",
        },
        "signature": "EpIFCkYIBxgCKkBz9YbT3mL1qW8xV0nR6kJ2cH5gF4dS7aP9oI1uY3tR6eW0qZ2xC8vB5nM4lK7jH1gF3dS6aP0oI9uY2tR5eW8qZ1xC4vB7nM0lK3jH6gF9dS2aP5oI8uY1tR4eW7qZ0xC3vB6nM9lK2jH5gF8dS1aP4oI7uY0tR3eW6qZ9xC2vB5nM8lK1jH4g==",
        "text": "The user wants the README first.",
        "type": "reasoning",
      }
    `);
    expect(ofType(events, 'usage')[0]!.usage).toMatchObject({
      inputTokens: 1290,
      cacheReadTokens: 1024,
      reasoningTokens: 19,
      costUsd: 0.00498,
    });
  });
});

describe('chatResponseEvents', () => {
  it('tool calls with their arguments as sent, cached and reasoning tokens', () => {
    expect(body('openai-chat-tool-calls-cached.json')).toMatchInlineSnapshot(`
      {
        "error": null,
        "events": [
          {
            "call": {
              "arguments": {
                "path": "package.json",
              },
              "id": "call_Qw1Er4Ty7Ui0Op3As6Df9Gh2",
              "name": "read_file",
              "rawArguments": "{"path":"package.json"}",
              "type": "tool-call",
            },
            "type": "tool-call",
          },
          {
            "call": {
              "arguments": {},
              "id": "call_Jk5Lz8Xc1Vb4Nm7Qw0Er3Ty6",
              "name": "list_files",
              "rawArguments": "{}",
              "type": "tool-call",
            },
            "type": "tool-call",
          },
          {
            "type": "usage",
            "usage": {
              "cacheReadTokens": 2048,
              "cacheWriteTokens": null,
              "costUsd": null,
              "inputNoCacheTokens": 162,
              "inputTokens": 2210,
              "outputTokens": 301,
              "reasoningTokens": 256,
            },
          },
          {
            "finishReason": "tool_calls",
            "type": "finish",
          },
        ],
        "info": {
          "modelServed": "o4-mini-2025-04-16",
          "responseId": "chatcmpl-CUqe7As0Df3Gh6Jk9Lz2Xc5Vb8Nm",
          "upstreamProvider": null,
        },
      }
    `);
  });

  it('a refusal is the answer text', () => {
    const { events } = body('openai-chat-refusal.json');
    expect(events.slice(0, 1)).toEqual([{ type: 'text-delta', text: "I can't help with that request." }]);
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
  });

  it('OpenRouter encrypted reasoning details: the summary as text, the encrypted data kept as the part', () => {
    const { events } = body('openrouter-reasoning-encrypted.json', 'openrouter');
    const [reasoning] = ofType(events, 'reasoning');
    expect(reasoning!.part).toMatchObject({
      text: '**Comparing decimals**\n\nCompare tenths: 9 > 1.',
      encrypted: expect.stringMatching(/^gAAAAABo-3Fq/),
    });
    expect(reasoning!.part.details).toHaveLength(2);
  });

  it('a body without choices is not a Chat Completions response; an error body is an error of the call', () => {
    expect(replayBody(chatResponseEvents, '{"id":"x","object":"list"}', { runtime: 'openai-chat' }).error).toMatchObject({
      kind: 'non_json',
    });
    expect(replayBody(chatResponseEvents, '{"error":{"message":"Rate limit","code":429}}', { runtime: 'openrouter' }).error).toMatchObject({
      kind: 'rate_limit',
    });
  });
});

describe('embeddedError', () => {
  it('takes the kind from the error type or code, server when it names none', () => {
    expect(embeddedError({ message: 'x', type: 'overloaded_error' }, 200, null, '').kind).toBe('overloaded');
    expect(embeddedError({ message: 'x', code: 'server_error' }, 200, null, '').kind).toBe('server');
    expect(embeddedError({ message: 'x' }, 200, null, '').kind).toBe('server');
    expect(embeddedError('plain text', 200, null, '').message).toBe('Error in the response: plain text');
  });
});
