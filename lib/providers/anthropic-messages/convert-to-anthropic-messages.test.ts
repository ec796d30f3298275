import { describe, expect, it } from 'vitest';
import { assistantMessageOf, fixtureOrigin, readFixture, replayBody, replayStream } from '../core/replay-fixture';
import type { Message } from '../core/types';
import { anthropicBodyEvents, anthropicStreamEvents } from './anthropic-events';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages';

const runtime = 'anthropic-messages';
const origin = fixtureOrigin(runtime);
const otherAccount = { runtime, account: 'another-account' } as const;
const noCache = { origin, cache: undefined };

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });

describe('convertToAnthropicMessages', () => {
  it('sends a recorded assistant turn back as it came: thinking with its signature, redacted thinking, text, tool use', () => {
    const recorded = JSON.parse(readFixture(__dirname, 'anthropic-redacted-thinking-tool-use.json')) as { content: unknown[] };
    const assistant = assistantMessageOf(
      replayBody(anthropicBodyEvents, readFixture(__dirname, 'anthropic-redacted-thinking-tool-use.json'), { runtime }),
      runtime,
    );
    const { messages } = convertToAnthropicMessages([user('Weather in Berlin?'), assistant], noCache);
    expect(messages[1]).toEqual({ role: 'assistant', content: recorded.content });
  });

  it('issue 12: a streamed redacted_thinking block goes back with its data byte for byte', async () => {
    const text = readFixture(__dirname, 'anthropic-issue-12-redacted-thinking.chunks.txt');
    const data = /"redacted_thinking","data":"([^"]+)"/.exec(text)![1]!;
    const assistant = assistantMessageOf(await replayStream(anthropicStreamEvents, text, { runtime }), runtime);
    const { messages } = convertToAnthropicMessages([user('Pack for Berlin?'), assistant, user('Thanks.')], noCache);
    expect(messages[1]!.content.map((block) => block.type)).toEqual(['thinking', 'redacted_thinking', 'text']);
    expect(messages[1]!.content[1]).toEqual({ type: 'redacted_thinking', data });
  });

  it('drops reasoning issued to another account, and thinking without a signature', () => {
    const assistant: Message = {
      role: 'assistant',
      content: [
        { type: 'reasoning', origin: otherAccount, text: 'theirs', signature: 'sig-theirs' },
        { type: 'reasoning', origin: otherAccount, encrypted: 'data-theirs', redacted: true },
        { type: 'reasoning', origin, text: 'unsigned' },
        { type: 'text', text: 'Hello.' },
      ],
    };
    expect(convertToAnthropicMessages([user('Hi'), assistant], noCache).messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'Hello.' }],
    });
  });

  it('system messages become system blocks; tool results and the next user message merge into one user turn', () => {
    const conversation: Message[] = [
      { role: 'system', content: 'Be brief.' },
      user('Read a.txt'),
      {
        role: 'assistant',
        content: [{ type: 'tool-call', id: 'toolu_1', name: 'read_file', arguments: { path: 'a.txt' }, rawArguments: '{"path":"a.txt"}' }],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'toolu_1', toolName: 'read_file', output: { lines: 2 } },
          { type: 'tool-result', toolCallId: 'toolu_1', toolName: 'read_file', output: 'no such file', isError: true },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'And?' },
          { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
          { type: 'image', url: 'https://example.com/a.png' },
        ],
      },
    ];
    expect(convertToAnthropicMessages(conversation, noCache)).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": [
              {
                "text": "Read a.txt",
                "type": "text",
              },
            ],
            "role": "user",
          },
          {
            "content": [
              {
                "id": "toolu_1",
                "input": {
                  "path": "a.txt",
                },
                "name": "read_file",
                "type": "tool_use",
              },
            ],
            "role": "assistant",
          },
          {
            "content": [
              {
                "content": "{"lines":2}",
                "tool_use_id": "toolu_1",
                "type": "tool_result",
              },
              {
                "content": "no such file",
                "is_error": true,
                "tool_use_id": "toolu_1",
                "type": "tool_result",
              },
              {
                "text": "And?",
                "type": "text",
              },
              {
                "source": {
                  "data": "iVBORw0KGgo=",
                  "media_type": "image/png",
                  "type": "base64",
                },
                "type": "image",
              },
              {
                "source": {
                  "type": "url",
                  "url": "https://example.com/a.png",
                },
                "type": "image",
              },
            ],
            "role": "user",
          },
        ],
        "system": [
          {
            "text": "Be brief.",
            "type": "text",
          },
        ],
      }
    `);
  });

  it('cache breakpoints: the last system block, and for …+last-turn the last block that is not thinking', () => {
    const conversation: Message[] = [
      { role: 'system', content: 'One.' },
      { role: 'system', content: 'Two.' },
      user('Hi'),
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Hello.' },
          { type: 'reasoning', origin, text: 'late', signature: 'sig' },
        ],
      },
    ];
    const system = convertToAnthropicMessages(conversation, { origin, cache: { policy: 'system' } });
    expect(system.system).toEqual([
      { type: 'text', text: 'One.' },
      { type: 'text', text: 'Two.', cache_control: { type: 'ephemeral' } },
    ]);
    expect(JSON.stringify(system.messages)).not.toContain('cache_control');

    const lastTurn = convertToAnthropicMessages([...conversation.slice(0, 3)], {
      origin,
      cache: { policy: 'system+tools+last-turn', ttl: '1h' },
    });
    expect(lastTurn.messages.at(-1)!.content.at(-1)).toEqual({ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral', ttl: '1h' } });
    const endsInThinking = convertToAnthropicMessages(conversation, { origin, cache: { policy: 'system+tools+last-turn' } });
    expect(endsInThinking.messages.at(-1)!.content.at(-1)).toEqual({ type: 'thinking', thinking: 'late', signature: 'sig' });
  });
});
