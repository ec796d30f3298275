import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../core/types';
import { prepareResponsesTools } from './prepare-responses-tools';

const tools: ToolDefinition[] = [
  { name: 'read_file', description: 'Read a file.', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
];

describe('prepareResponsesTools', () => {
  it('no tools: no tool fields', () => {
    expect(prepareResponsesTools([], 'auto')).toEqual({});
  });

  it('flat function tools, not strict (our schemas allow optional properties)', () => {
    expect(prepareResponsesTools(tools, undefined)).toEqual({
      tools: [{ type: 'function', name: 'read_file', description: 'Read a file.', parameters: tools[0]!.inputSchema, strict: false }],
    });
  });

  it.each([
    ['auto', 'auto'],
    ['required', 'required'],
    ['none', 'none'],
    [{ name: 'read_file' }, { type: 'function', name: 'read_file' }],
  ] as const)('tool choice %j → %j', (choice, expected) => {
    expect(prepareResponsesTools(tools, choice)).toMatchObject({ tool_choice: expected });
  });
});
