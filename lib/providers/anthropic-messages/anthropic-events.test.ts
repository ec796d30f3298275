import { describe, expect, it } from 'vitest';
import { readFixture, replayBody, replayStream } from '../core/replay-fixture';
import type { ReasoningPart, StreamEvent } from '../core/types';
import { anthropicBodyEvents, anthropicStreamEvents } from './anthropic-events';

const runtime = 'anthropic-messages';
const stream = (name: string, chunkSize?: number) =>
  replayStream(anthropicStreamEvents, readFixture(__dirname, name), { runtime, chunkSize });
const body = (name: string) => replayBody(anthropicBodyEvents, readFixture(__dirname, name), { runtime });
const reasoningParts = (events: StreamEvent[]): ReasoningPart[] =>
  events.flatMap((event) => (event.type === 'reasoning' ? [event.part] : []));

describe('anthropicStreamEvents', () => {
  it('thinking, text and a tool call: deltas as they come, each block complete at its stop, usage with the cache counted once', async () => {
    expect(await stream('anthropic-thinking-text-tool-use.chunks.txt')).toMatchInlineSnapshot(`
      {
        "error": null,
        "events": [
          {
            "text": "The user asks for the weather in Paris. ",
            "type": "reasoning-delta",
          },
          {
            "text": "I should call get_weather.",
            "type": "reasoning-delta",
          },
          {
            "part": {
              "origin": {
                "account": "fixture-account",
                "runtime": "anthropic-messages",
              },
              "signature": "EqQBCkgIBhABGAIiQL9b3y0X5n1Jx6q3m0iXcQm8y2uJ0pRr1vE0gkQ2cD1q8m7yQJ3mW3Zb9fD0x5aT7sLk4N1v2c8r6e0pY9h3bYESDFl3hL0fVYpT3y6WBhoMxR4cQm0r1sE0t9bIIjA8uT1v6kYx2m3pQ0zW9l5fR4d7c1b0a2e6f3g8h9i0j1k2l3m4n5o6p7q8r9s0t1u2v3w4x5y6z==",
              "text": "The user asks for the weather in Paris. I should call get_weather.",
              "type": "reasoning",
            },
            "type": "reasoning",
          },
          {
            "text": "Let me check ",
            "type": "text-delta",
          },
          {
            "text": "the weather.",
            "type": "text-delta",
          },
          {
            "argumentsDelta": "",
            "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
            "index": 2,
            "name": "get_weather",
            "type": "tool-call-delta",
          },
          {
            "argumentsDelta": "{"city": "Par",
            "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
            "index": 2,
            "name": "get_weather",
            "type": "tool-call-delta",
          },
          {
            "argumentsDelta": "is"}",
            "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
            "index": 2,
            "name": "get_weather",
            "type": "tool-call-delta",
          },
          {
            "call": {
              "arguments": {
                "city": "Paris",
              },
              "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
              "name": "get_weather",
              "rawArguments": "{"city": "Paris"}",
              "type": "tool-call",
            },
            "type": "tool-call",
          },
          {
            "type": "usage",
            "usage": {
              "cacheReadTokens": 1536,
              "cacheWrite1hTokens": 0,
              "cacheWrite5mTokens": 0,
              "cacheWriteTokens": 0,
              "costUsd": null,
              "inputNoCacheTokens": 503,
              "inputTokens": 2039,
              "outputTokens": 96,
              "reasoningTokens": null,
            },
          },
          {
            "finishReason": "tool_calls",
            "type": "finish",
          },
        ],
        "info": {
          "modelServed": "claude-sonnet-4-20250514",
          "responseId": "msg_01FqT7kd9HcXrWbY2aRkq3Vn",
          "upstreamProvider": null,
        },
      }
    `);
  });

  it('gives the same events however the network cuts the stream', async () => {
    const whole = await stream('anthropic-thinking-text-tool-use.chunks.txt');
    for (const chunkSize of [1, 7, 64]) expect(await stream('anthropic-thinking-text-tool-use.chunks.txt', chunkSize)).toEqual(whole);
  });

  it('issue 12: a redacted_thinking block is encrypted reasoning, redacted, its data kept byte for byte', async () => {
    const text = readFixture(__dirname, 'anthropic-issue-12-redacted-thinking.chunks.txt');
    const data = /"redacted_thinking","data":"([^"]+)"/.exec(text)![1]!;
    const { events, error } = await stream('anthropic-issue-12-redacted-thinking.chunks.txt');
    expect(error).toBeNull();
    const [thinking, redacted] = reasoningParts(events);
    expect(thinking).toMatchObject({ text: 'Berlin weather first, then packing advice.', signature: expect.any(String) });
    expect(thinking).not.toHaveProperty('redacted');
    expect(redacted).toEqual({ type: 'reasoning', origin: { runtime, account: 'fixture-account' }, encrypted: data, redacted: true });
    // Nothing of it is shown as reasoning text.
    expect(
      events.filter((event) => event.type === 'reasoning-delta').map((event) => event.type === 'reasoning-delta' && event.text),
    ).toEqual(['Berlin weather first, then packing advice.']);
  });

  it('an error event after output began fails the call with the kind it names, after the text that came', async () => {
    expect(await stream('anthropic-stream-error-overloaded.chunks.txt')).toMatchInlineSnapshot(`
      {
        "error": {
          "details": {
            "errorType": "overloaded_error",
            "inStream": true,
          },
          "kind": "overloaded",
          "message": "Error in the stream: Overloaded",
          "retryable": true,
          "status": 200,
        },
        "events": [
          {
            "text": "A B-tree keeps",
            "type": "text-delta",
          },
        ],
        "info": {
          "modelServed": "claude-sonnet-4-20250514",
          "responseId": "msg_01Bq9sTz4kPw2mXc7vNr5hLd",
          "upstreamProvider": null,
        },
      }
    `);
  });

  it('a stream that ends without message_stop is a network error, not a silent end', async () => {
    const { events, error } = await stream('anthropic-stream-cut.chunks.txt');
    expect(events).toEqual([{ type: 'text-delta', text: 'Here is the' }]);
    expect(error).toMatchObject({
      kind: 'network',
      message: 'The stream ended before message_stop: the connection was cut.',
      retryable: true,
    });
  });
});

describe('anthropicBodyEvents', () => {
  it('thinking, redacted thinking, text and a tool call from one body', () => {
    expect(body('anthropic-redacted-thinking-tool-use.json')).toMatchInlineSnapshot(`
      {
        "error": null,
        "events": [
          {
            "part": {
              "origin": {
                "account": "fixture-account",
                "runtime": "anthropic-messages",
              },
              "signature": "ErE5su+1ro4WJmve7ZLwTz1EA7qK2LTNtS464gUv4+RMd2KwkEYUNG4cEmxHGlUcJrPnN//YMfbOWCU6cLOA5wEkB3OHPpOfJX1NQvynZQMjSqXLU4cyVDCE+IVOtwulvUbKyD/YKfzAvutcJYxrYalfB53Pynmc3U6M/ze2v2AYv9uSxN+T8TRm6Op8IG1jcYXsUTko3/Ne3mMlCGNzJibpvlptsD2CW4WnjuDlJaIhcBfjiDzIkiK6+0uzikq7m5ejrlXLFXIBmdnkoVQFu/amZJV7wXB7z4O0eSpRL1dwzsbfGwd1iPY0cRIXLA0aaVkKziVKfTXJzupBCh6qRobVW9TB2lY0WNMqw8gD/xtZzHwirYQBz9w9B9I+S7==",
              "text": "The user wants the weather in Berlin and a packing suggestion. I need current conditions first, so I should call get_weather with city Berlin.",
              "type": "reasoning",
            },
            "type": "reasoning",
          },
          {
            "part": {
              "encrypted": "EmCM+dhn9bmUWUDo99oRE2u/mcuHPmDxYY8SHdAT9H2aphgdPVZnL5+MKGnrY0YAjVdzEokeqB8MEH67muFtRaCSPGsOK19w0RZ/Iy9X9Po++MURVeeHVsnG2hRUsuI0JhoRDU19KRtFtMuwMZ013xGvzOpr3CRB2fXcj9kOcoiPnLw+AsH+VJ+WJUVQ9ywm2zoMuASvP+QguTC+QbTAH0zEScvaqLfK3oaiJSFYxXtIubjZ/phK5oZXokUTDsLrAs4nm94AiqTRZm+ZXSyYaXy656eQ4Ihpz+vwXLCDtSndHo6+ZWOgW/CsHLUM8DGqWJLqfXrMU7HMHd//WtQK9UmqHwebdD7ONoyTx1uWOSW7pOdI+wHv8lJXmdLma7Hsf1W6gcAe9Ei3zdeMWZ1Pwoo6VDh+xbHVyEQEkMqky18HQrnucsQrh95vHkUVQf5+tXMKS9n/QKOxHdKH/ezrsNQFqfz99BjJleXf7GAmQNW085RfFxeBxtw1/9lWkLcgDFHY2X5bom=",
              "origin": {
                "account": "fixture-account",
                "runtime": "anthropic-messages",
              },
              "redacted": true,
              "type": "reasoning",
            },
            "type": "reasoning",
          },
          {
            "text": "I'll check the current weather in Berlin first.",
            "type": "text-delta",
          },
          {
            "call": {
              "arguments": {
                "city": "Berlin",
                "unit": "celsius",
              },
              "id": "toolu_01REXpGFFjMr9ENy2k7a1BM3",
              "name": "get_weather",
              "rawArguments": "{"city":"Berlin","unit":"celsius"}",
              "type": "tool-call",
            },
            "type": "tool-call",
          },
          {
            "type": "usage",
            "usage": {
              "cacheReadTokens": 0,
              "cacheWrite1hTokens": 0,
              "cacheWrite5mTokens": 0,
              "cacheWriteTokens": 0,
              "costUsd": null,
              "inputNoCacheTokens": 1287,
              "inputTokens": 1287,
              "outputTokens": 318,
              "reasoningTokens": null,
            },
          },
          {
            "finishReason": "tool_calls",
            "type": "finish",
          },
        ],
        "info": {
          "modelServed": "claude-sonnet-4-20250514",
          "responseId": "msg_01wp3Y4XVzPZVnU8YA56oZCY",
          "upstreamProvider": null,
        },
      }
    `);
  });

  it('max_tokens is a length finish; a 1h cache write is counted in the input and in its TTL split', () => {
    expect(body('anthropic-max-tokens-cache-write.json')).toMatchInlineSnapshot(`
      {
        "error": null,
        "events": [
          {
            "text": "The three phases of the migration are: first, dual-write",
            "type": "text-delta",
          },
          {
            "type": "usage",
            "usage": {
              "cacheReadTokens": 0,
              "cacheWrite1hTokens": 2048,
              "cacheWrite5mTokens": 0,
              "cacheWriteTokens": 2048,
              "costUsd": null,
              "inputNoCacheTokens": 21,
              "inputTokens": 2069,
              "outputTokens": 16,
              "reasoningTokens": null,
            },
          },
          {
            "finishReason": "length",
            "type": "finish",
          },
        ],
        "info": {
          "modelServed": "claude-sonnet-4-20250514",
          "responseId": "msg_01Lm4kTq7zXw9pRv2nBc6yHs",
          "upstreamProvider": null,
        },
      }
    `);
  });

  it('a body without content is not a Messages response', () => {
    expect(replayBody(anthropicBodyEvents, '{"id":"msg_1","type":"message"}', { runtime }).error).toMatchObject({ kind: 'non_json' });
  });
});
