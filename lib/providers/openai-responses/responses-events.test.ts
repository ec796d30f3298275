import { describe, expect, it } from 'vitest';
import { readFixture, replayBody, replayStream } from '../core/replay-fixture';
import type { StreamEvent } from '../core/types';
import { responsesBodyEvents, responsesStreamEvents } from './responses-events';

const runtime = 'openai-responses';
const stream = (name: string, chunkSize?: number) =>
  replayStream(responsesStreamEvents, readFixture(__dirname, name), { runtime, chunkSize });
const body = (name: string) => replayBody(responsesBodyEvents, readFixture(__dirname, name), { runtime });
const types = (events: StreamEvent[]) => events.map((event) => event.type);

describe('responsesStreamEvents', () => {
  it('summary deltas, text deltas, argument deltas; at response.completed the final items: reasoning (its final encrypted_content), the call, usage', async () => {
    expect(await stream('openai-responses-reasoning-text-tool-call.chunks.txt')).toMatchInlineSnapshot(`
      {
        "error": null,
        "events": [
          {
            "text": "**Reading the README**

      ",
            "type": "reasoning-delta",
          },
          {
            "text": "The user wants a summary,",
            "type": "reasoning-delta",
          },
          {
            "text": " so I need the file first.",
            "type": "reasoning-delta",
          },
          {
            "text": "I'll read",
            "type": "text-delta",
          },
          {
            "text": " the README",
            "type": "text-delta",
          },
          {
            "text": " first.",
            "type": "text-delta",
          },
          {
            "argumentsDelta": "{"path":",
            "index": 2,
            "type": "tool-call-delta",
          },
          {
            "argumentsDelta": ""README",
            "index": 2,
            "type": "tool-call-delta",
          },
          {
            "argumentsDelta": ".md"}",
            "index": 2,
            "type": "tool-call-delta",
          },
          {
            "part": {
              "encrypted": "gAAAAABo-final-Qm2Wx5Ec8Rv1Tb4Yn7Um0Io3Pa6Sd9Fg2Hj5Kl8Zx1Cv4Bn7Mq0We3Rt6Yu9Io2Pa5Sd8Fg1Hj4==",
              "id": "rs_0c3e5f7a9b1d2f4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e4a6c",
              "origin": {
                "account": "fixture-account",
                "runtime": "openai-responses",
              },
              "summary": [
                "**Reading the README**

      The user wants a summary, so I need the file first.",
              ],
              "text": "**Reading the README**

      The user wants a summary, so I need the file first.",
              "type": "reasoning",
            },
            "type": "reasoning",
          },
          {
            "call": {
              "arguments": {
                "path": "README.md",
              },
              "id": "call_Rk4Tn7Wq0Ez3Xv6Yb9Uc2Id5",
              "itemId": "fc_0c3e5f7a9b1d2f4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e4a6e",
              "name": "read_file",
              "rawArguments": "{"path":"README.md"}",
              "type": "tool-call",
            },
            "type": "tool-call",
          },
          {
            "type": "usage",
            "usage": {
              "cacheReadTokens": 1024,
              "cacheWriteTokens": null,
              "costUsd": null,
              "inputNoCacheTokens": 186,
              "inputTokens": 1210,
              "outputTokens": 214,
              "reasoningTokens": 128,
            },
          },
          {
            "finishReason": "tool_calls",
            "type": "finish",
          },
        ],
        "info": {
          "modelServed": "gpt-5-2025-08-07",
          "responseId": "resp_0c3e5f7a9b1d2f4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e4a6b",
          "upstreamProvider": null,
        },
      }
    `);
  });

  it('gives the same events however the network cuts the stream', async () => {
    const whole = await stream('openai-responses-reasoning-text-tool-call.chunks.txt');
    for (const chunkSize of [1, 11, 256])
      expect(await stream('openai-responses-reasoning-text-tool-call.chunks.txt', chunkSize)).toEqual(whole);
  });

  it('issue 12: a reasoning item with no summary and no encrypted_content is no reasoning: no part, no event', async () => {
    const { events, error } = await stream('openai-responses-issue-12-empty-reasoning.chunks.txt');
    expect(error).toBeNull();
    expect(types(events)).toEqual(['text-delta', 'text-delta', 'usage', 'finish']);
  });

  it('response.failed after text began fails the call with the kind its error names', async () => {
    const { events, error } = await stream('openai-responses-failed.chunks.txt');
    expect(events).toEqual([
      { type: 'text-delta', text: 'Vacuum reclaims' },
      { type: 'text-delta', text: ' dead tuples' },
    ]);
    expect(error).toEqual({
      kind: 'server',
      message: 'Error in the response: The model failed to generate a response.',
      status: 200,
      retryable: true,
      details: { errorCode: 'server_error', param: null, inStream: true },
    });
  });

  it('a stream that ends before response.completed is a network error', async () => {
    const { events, error } = await stream('openai-responses-stream-cut.chunks.txt');
    // The event cut in the middle counts for nothing.
    expect(events).toEqual([
      { type: 'text-delta', text: '9.9 is larger' },
      { type: 'text-delta', text: ' than 9.11.' },
    ]);
    expect(error).toMatchObject({ kind: 'network', message: 'The stream ended before response.completed: the connection was cut.' });
  });
});

describe('responsesBodyEvents', () => {
  it('issue 12: an empty reasoning item before a function call is no reasoning; the call is kept with its item id', () => {
    expect(body('openai-responses-issue-12-empty-reasoning-function-call.json')).toMatchInlineSnapshot(`
      {
        "error": null,
        "events": [
          {
            "call": {
              "arguments": {
                "path": "package.json",
              },
              "id": "call_Hn2Jm5Kq8Lw1Zx4Cv7Bn0Ms3",
              "itemId": "fc_68f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f608",
              "name": "read_file",
              "rawArguments": "{"path":"package.json"}",
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
              "inputNoCacheTokens": 402,
              "inputTokens": 402,
              "outputTokens": 151,
              "reasoningTokens": 128,
            },
          },
          {
            "finishReason": "tool_calls",
            "type": "finish",
          },
        ],
        "info": {
          "modelServed": "o3-2025-04-16",
          "responseId": "resp_68f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f606",
          "upstreamProvider": null,
        },
      }
    `);
  });

  it('an incomplete response cut at max_output_tokens is a length finish, with its partial text', () => {
    const { events } = body('openai-responses-incomplete-max-output.json');
    expect(events[0]).toEqual({ type: 'text-delta', text: 'The plan has four steps: first' });
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'length' });
  });

  it('a reasoning item with only reasoning text (no summary) is reasoning with that text', () => {
    const raw = JSON.stringify({
      id: 'resp_1',
      model: 'gpt-oss-120b',
      status: 'completed',
      output: [{ id: 'rs_1', type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'Two plus two.' }] }],
    });
    expect(replayBody(responsesBodyEvents, raw, { runtime }).events[0]).toMatchObject({
      type: 'reasoning',
      part: { id: 'rs_1', text: 'Two plus two.', summary: [] },
    });
  });

  it('a body without output is not a Responses response', () => {
    expect(replayBody(responsesBodyEvents, '{"id":"resp_1","object":"response"}', { runtime }).error).toMatchObject({ kind: 'non_json' });
  });
});
