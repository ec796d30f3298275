import { describe, expect, it } from 'vitest';
import { BUILTIN_TOOLS, toolDefinitions } from './registry';
import { TOOL_NAMES } from './tool-names';

describe('toolDefinitions', () => {
  it('offers run_command only when commands are allowed', () => {
    expect(toolDefinitions({ allowCommands: false }).map((tool) => tool.name)).toEqual([
      'list_files',
      'read_file',
      'write_file',
      'search_text',
    ]);
    expect(toolDefinitions({ allowCommands: true }).map((tool) => tool.name)).toEqual([
      'list_files',
      'read_file',
      'write_file',
      'search_text',
      'run_command',
    ]);
    expect(BUILTIN_TOOLS).toHaveLength(5);
  });

  it('registers each name of TOOL_NAMES with the tool of that name, in that order', () => {
    expect(BUILTIN_TOOLS.map((tool) => tool.name)).toEqual([...TOOL_NAMES]);
  });

  it('describes each tool with the draft-7 JSON Schema of its input, without $schema', () => {
    const definitions = toolDefinitions({ allowCommands: true });
    for (const definition of definitions) {
      expect(definition.description.length).toBeGreaterThan(20);
      expect(definition.inputSchema).not.toHaveProperty('$schema');
      expect(definition.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(JSON.parse(JSON.stringify(definition))).toEqual(definition);
    }
    const readFile = definitions.find((definition) => definition.name === 'read_file');
    expect(readFile?.inputSchema).toEqual({
      type: 'object',
      properties: {
        path: { type: 'string', description: expect.any(String) },
        offset: { type: 'integer', minimum: 0, maximum: expect.any(Number), default: 0, description: expect.any(String) },
        max_bytes: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 100_000, description: expect.any(String) },
      },
      required: ['path'],
      additionalProperties: false,
    });
    const runCommand = definitions.find((definition) => definition.name === 'run_command');
    expect(runCommand?.inputSchema).toMatchObject({
      properties: { args: { type: 'array', items: { type: 'string' }, default: [] }, timeout_ms: { maximum: 120_000, default: 20_000 } },
      required: ['command'],
    });
  });
});
