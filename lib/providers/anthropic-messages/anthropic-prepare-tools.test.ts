import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../core/types';
import { prepareAnthropicTools } from './anthropic-prepare-tools';

// The tool fields of a request body, or none.
type ToolFields = { tools?: Record<string, unknown>[]; tool_choice?: unknown };
const prepare = (...args: Parameters<typeof prepareAnthropicTools>): ToolFields => prepareAnthropicTools(...args);

const tools: ToolDefinition[] = [
  { name: 'read_file', description: 'Read a file.', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'list_files', description: 'List files.', inputSchema: { type: 'object', properties: {} } },
];

describe('prepareAnthropicTools', () => {
  it('no tools: no tool fields at all', () => {
    expect(prepare([], 'required', false, undefined)).toEqual({});
    expect(prepare(undefined, undefined, undefined, undefined)).toEqual({});
  });

  it('tools with input_schema; no tool_choice unless one is asked for', () => {
    expect(prepare(tools, undefined, undefined, undefined)).toEqual({
      tools: [
        { name: 'read_file', description: 'Read a file.', input_schema: tools[0]!.inputSchema },
        { name: 'list_files', description: 'List files.', input_schema: tools[1]!.inputSchema },
      ],
    });
  });

  it.each([
    ['auto', undefined, { type: 'auto' }],
    [undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
    ['required', false, { type: 'any', disable_parallel_tool_use: true }],
    ['required', true, { type: 'any' }],
    ['none', false, { type: 'none' }],
    [{ name: 'read_file' }, undefined, { type: 'tool', name: 'read_file' }],
  ] as const)('tool choice %j with parallel %j → %j', (choice, parallel, expected) => {
    expect(prepare(tools, choice, parallel, undefined).tool_choice).toEqual(expected);
  });

  it('a cache policy that covers tools puts the breakpoint on the last tool', () => {
    const cached = prepare(tools, undefined, undefined, { policy: 'system+tools', ttl: '1h' });
    expect(cached.tools!.map((tool) => tool.cache_control)).toEqual([undefined, { type: 'ephemeral', ttl: '1h' }]);
    const systemOnly = prepare(tools, undefined, undefined, { policy: 'system' });
    expect(systemOnly.tools!.every((tool) => tool.cache_control === undefined)).toBe(true);
  });
});
