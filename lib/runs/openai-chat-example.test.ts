import { describe, expect, it } from 'vitest';
import type { Message, ToolDefinition } from '@/lib/providers/core/types';
import { toChatExample } from './openai-chat-example';

const origin = { runtime: 'openai-responses' as const, account: 'env:OPENAI_API_KEY' };

const system: Message = { role: 'system', content: 'You are an agent.' };
const user: Message = { role: 'user', content: [{ type: 'text', text: 'Save a greeting.' }] };

describe('toChatExample', () => {
  it('maps text, tool calls and tool results over several turns, leaving reasoning out', () => {
    const messages: Message[] = [
      system,
      user,
      {
        role: 'assistant',
        origin,
        responseId: 'resp_1',
        content: [
          { type: 'reasoning', origin, text: 'I should write the file.', encrypted: 'gAAAAopaque', id: 'rs_1' },
          { type: 'text', text: 'Writing it.' },
          {
            type: 'tool-call',
            id: 'call_1',
            name: 'write_file',
            arguments: { path: 'a.txt', content: 'hi' },
            rawArguments: '{"path":"a.txt","content":"hi"}',
            itemId: 'fc_1',
          },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'write_file', output: { ok: true, bytes: 2 } }] },
      {
        role: 'assistant',
        origin,
        content: [
          { type: 'reasoning', origin, signature: 'sig-opaque', text: 'Now list.' },
          { type: 'tool-call', id: 'call_2', name: 'list_files', arguments: {}, rawArguments: '' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_2', toolName: 'list_files', output: 'a.txt' }] },
      {
        role: 'assistant',
        origin,
        content: [
          { type: 'reasoning', origin, encrypted: 'x'.repeat(40) },
          { type: 'text', text: 'Done: ' },
          { type: 'text', text: 'a.txt saved.' },
        ],
      },
    ];
    const example = toChatExample(messages);
    expect(example).toEqual({
      messages: [
        { role: 'system', content: 'You are an agent.' },
        { role: 'user', content: 'Save a greeting.' },
        {
          role: 'assistant',
          content: 'Writing it.',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'write_file', arguments: '{"path":"a.txt","content":"hi"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"ok":true,"bytes":2}' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'list_files', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_2', content: 'a.txt' },
        { role: 'assistant', content: 'Done: a.txt saved.' },
      ],
    });
    const line = JSON.stringify(example);
    for (const opaque of ['gAAAAopaque', 'sig-opaque', 'rs_1', 'I should write the file.', 'Now list.', 'reasoning', 'resp_1', 'fc_1']) {
      expect(line).not.toContain(opaque);
    }
  });

  it('puts back a tool call whose arguments were not JSON, from the recorded tool calls, so its error result answers a call', () => {
    const messages: Message[] = [
      system,
      user,
      // The invalid call is not in the stored assistant message: it was reported, never executed.
      { role: 'assistant', origin, content: [] },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_bad',
            toolName: 'read_file',
            output: { ok: false, errors: [{ path: [], message: 'arguments are not valid JSON' }] },
            isError: true,
          },
        ],
      },
      { role: 'assistant', origin, content: [{ type: 'text', text: 'Sorry.' }] },
    ];
    const example = toChatExample(messages, {
      recordedToolCalls: [{ providerCallId: 'call_bad', name: 'read_file', rawArguments: '{"path": ' }],
    });
    expect(example.messages.slice(2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_bad', type: 'function', function: { name: 'read_file', arguments: '{"path": ' } }],
      },
      { role: 'tool', tool_call_id: 'call_bad', content: '{"ok":false,"errors":[{"path":[],"message":"arguments are not valid JSON"}]}' },
      { role: 'assistant', content: 'Sorry.' },
    ]);
    // Without the record, the orphan result is left out rather than answering nothing.
    expect(toChatExample(messages).messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'assistant']);
  });

  it('adds tool definitions, keeps images as image_url parts, reads imported (shareable) reasoning parts and redacts', () => {
    const tools: ToolDefinition[] = [
      {
        name: 'read_file',
        description: 'Reads a file.',
        inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
      },
    ];
    const imported = {
      role: 'assistant',
      content: [
        { type: 'reasoning', runtime: 'anthropic-messages', text: 'thinking', encryptedBytes: 0, signatureBytes: 120, redacted: false },
        { type: 'text', text: 'ok' },
      ],
    } as unknown as Message;
    const example = toChatExample(
      [
        system,
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look, my key is sk-proj-abcdefghijklmnopqrstuvwxyz0123: ' },
            { type: 'image', url: 'https://example.com/a.png' },
          ],
        },
        imported,
      ],
      { tools },
    );
    expect(example).toEqual({
      messages: [
        { role: 'system', content: 'You are an agent.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look, my key is [REDACTED]: ' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
          ],
        },
        { role: 'assistant', content: 'ok' },
      ],
      tools: [{ type: 'function', function: { name: 'read_file', description: 'Reads a file.', parameters: tools[0]!.inputSchema } }],
    });
  });

  it('gives an assistant message with nothing but reasoning an empty content', () => {
    const example = toChatExample([
      system,
      user,
      { role: 'assistant', origin, content: [{ type: 'reasoning', origin, encrypted: 'blob' }] },
    ]);
    expect(example.messages.at(-1)).toEqual({ role: 'assistant', content: '' });
  });
});
