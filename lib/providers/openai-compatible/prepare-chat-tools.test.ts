import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../core/types';
import { prepareChatTools } from './prepare-chat-tools';

const tools: ToolDefinition[] = [
  { name: 'read_file', description: 'Read a file.', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
];

describe('prepareChatTools', () => {
  it('no tools: no tool fields, whatever the choice', () => {
    expect(prepareChatTools([], 'required')).toEqual({});
    expect(prepareChatTools(undefined, undefined)).toEqual({});
  });

  it('function tools with their JSON Schema as parameters', () => {
    expect(prepareChatTools(tools, undefined)).toEqual({
      tools: [{ type: 'function', function: { name: 'read_file', description: 'Read a file.', parameters: tools[0]!.inputSchema } }],
    });
  });

  it.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
    [{ name: 'read_file' }, { type: 'function', function: { name: 'read_file' } }],
  ] as const)('tool choice %j → %j', (choice, expected) => {
    expect(prepareChatTools(tools, choice)).toMatchObject({ tool_choice: expected });
  });
});
