import { describe, expect, it } from 'vitest';
import { assistantMessageOf, fixtureOrigin, readFixture, replayBody, replayStream } from '../core/replay-fixture';
import type { Message } from '../core/types';
import { chatResponseEvents, chatStreamEvents } from './chat-completions-events';
import { chatUserContent, convertToChatMessages } from './convert-to-chat-messages';

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });

describe('convertToChatMessages', () => {
  it('sends a recorded tool-call turn back as it came: ids, names and arguments exactly as sent', () => {
    const text = readFixture(__dirname, 'openai-chat-tool-calls-cached.json');
    const recorded = (JSON.parse(text) as { choices: { message: { tool_calls: unknown[] } }[] }).choices[0]!.message;
    const assistant = assistantMessageOf(replayBody(chatResponseEvents, text, { runtime: 'openai-chat' }), 'openai-chat');
    const [, sent] = convertToChatMessages([user('Look around.'), assistant], {
      origin: fixtureOrigin('openai-chat'),
      replayReasoningDetails: false,
    });
    expect(sent).toEqual({ role: 'assistant', content: null, tool_calls: recorded.tool_calls });
  });

  it('OpenRouter: the merged reasoning_details go back on the assistant message, only to the account that issued them', async () => {
    const origin = fixtureOrigin('openrouter');
    const replayed = await replayStream(chatStreamEvents, readFixture(__dirname, 'openrouter-reasoning-details-tool-call.chunks.txt'), {
      runtime: 'openrouter',
    });
    const assistant = assistantMessageOf(replayed, 'openrouter');
    const tool: Message = {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'toolu_vrtx_01Hq7Xc3Vb9Nm2Kz5Lp8Tw4R', toolName: 'read_file', output: '# Switchboard' }],
    };
    const sent = convertToChatMessages([user('Read the README.'), assistant, tool], { origin, replayReasoningDetails: true });
    expect(sent[1]).toMatchInlineSnapshot(`
      {
        "content": "I'll read it.",
        "reasoning_details": [
          {
            "format": "anthropic-claude-v1",
            "index": 0,
            "signature": "EpIFCkYIBxgCKkBz9YbT3mL1qW8xV0nR6kJ2cH5gF4dS7aP9oI1uY3tR6eW0qZ2xC8vB5nM4lK7jH1gF3dS6aP0oI9uY2tR5eW8qZ1xC4vB7nM0lK3jH6gF9dS2aP5oI8uY1tR4eW7qZ0xC3vB6nM9lK2jH5gF8dS1aP4oI7uY0tR3eW6qZ9xC2vB5nM8lK1jH4g==",
            "text": "The user wants the README first.",
            "type": "reasoning.text",
          },
        ],
        "role": "assistant",
        "tool_calls": [
          {
            "function": {
              "arguments": "{"path": "README.md"}",
              "name": "read_file",
            },
            "id": "toolu_vrtx_01Hq7Xc3Vb9Nm2Kz5Lp8Tw4R",
            "type": "function",
          },
        ],
      }
    `);
    expect(sent[2]).toEqual({ role: 'tool', tool_call_id: 'toolu_vrtx_01Hq7Xc3Vb9Nm2Kz5Lp8Tw4R', content: '# Switchboard' });

    const elsewhere = convertToChatMessages([user('Read the README.'), assistant, tool], {
      origin: { runtime: 'openrouter', account: 'another-account' },
      replayReasoningDetails: true,
    });
    expect(elsewhere[1]).not.toHaveProperty('reasoning_details');
    const openai = convertToChatMessages([user('Read the README.'), assistant, tool], { origin, replayReasoningDetails: false });
    expect(openai[1]).not.toHaveProperty('reasoning_details');
  });

  it('system and user messages; images as image_url parts; tool results as one message each, JSON serialized', () => {
    const conversation: Message[] = [
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', url: 'https://example.com/a.png' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'A chart.' }] },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', toolName: 'read_file', output: { size: 3 } },
          { type: 'tool-result', toolCallId: 'call_2', toolName: 'read_file', output: 'abc' },
        ],
      },
    ];
    expect(convertToChatMessages(conversation, { origin: fixtureOrigin('openai-chat'), replayReasoningDetails: false })).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        ],
      },
      { role: 'assistant', content: 'A chart.' },
      { role: 'tool', tool_call_id: 'call_1', content: '{"size":3}' },
      { role: 'tool', tool_call_id: 'call_2', content: 'abc' },
    ]);
  });

  it('a tool call without its raw arguments sends them serialized', () => {
    const assistant: Message = {
      role: 'assistant',
      content: [{ type: 'tool-call', id: 'call_1', name: 'list_files', arguments: { path: '.' }, rawArguments: '' }],
    };
    const [sent] = convertToChatMessages([assistant], { origin: fixtureOrigin('openai-chat'), replayReasoningDetails: false });
    expect(sent).toMatchObject({
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'list_files', arguments: '{"path":"."}' } }],
    });
  });
});

describe('chatUserContent', () => {
  it('is a plain string when the message is all text', () => {
    expect(
      chatUserContent([
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
      ]),
    ).toBe('ab');
  });
});
