import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executeToolCall } from './dispatch';
import { BUILTIN_TOOLS } from './registry';
import { makeTestWorkspace, type TestWorkspace } from './test-workspace';
import { builtinTool } from './types';

let t: TestWorkspace;
beforeEach(async () => {
  t = await makeTestWorkspace();
  await t.put('hello.txt', 'hi');
});
afterEach(async () => {
  await t.cleanup();
});

describe('executeToolCall', () => {
  it('validates, applies defaults, runs the tool and records the duration', async () => {
    const outcome = await executeToolCall({ name: 'read_file', arguments: { path: 'hello.txt' } }, t.context);
    expect(outcome).toMatchObject({ ok: true, content: 'hi', truncated: false, duration_ms: expect.any(Number) });
    expect(await executeToolCall({ name: 'list_files', arguments: {} }, t.context)).toMatchObject({
      ok: true,
      entries: [{ name: 'hello.txt', type: 'file', size: 2 }],
    });
  });

  it('returns argument errors with their paths, and does not run the tool', async () => {
    expect(await executeToolCall({ name: 'read_file', arguments: { path: 7, max_bytes: 5_000_000, offset: -1 } }, t.context)).toEqual({
      ok: false,
      errors: [
        { path: ['path'], message: expect.stringContaining('expected string') },
        { path: ['offset'], message: expect.stringContaining('>=0') },
        { path: ['max_bytes'], message: expect.stringContaining('<=1000000') },
      ],
      duration_ms: expect.any(Number),
    });
    expect(await executeToolCall({ name: 'write_file', arguments: { path: 'new.txt', content: 42 } }, t.context)).toMatchObject({
      ok: false,
      errors: [{ path: ['content'] }],
    });
    await expect(stat(path.join(t.workspaceDir, 'new.txt'))).rejects.toThrow();
  });

  it('names unknown arguments and what the tool takes', async () => {
    expect(await executeToolCall({ name: 'read_file', arguments: { file_path: 'hello.txt' } }, t.context)).toMatchObject({
      ok: false,
      errors: [
        { path: ['path'], message: expect.stringContaining('expected string') },
        { path: ['file_path'], message: 'unknown argument "file_path"; read_file takes: path, offset, max_bytes' },
      ],
    });
  });

  it('refuses arguments that are not an object', async () => {
    expect(await executeToolCall({ name: 'list_files', arguments: 'src' }, t.context)).toMatchObject({
      ok: false,
      errors: [{ path: [], message: expect.stringContaining('expected object') }],
    });
  });

  it('checks the byte size of write_file content', async () => {
    const content = 'é'.repeat(600_000); // 600,000 characters, 1,200,000 bytes
    expect(await executeToolCall({ name: 'write_file', arguments: { path: 'big.txt', content } }, t.context)).toMatchObject({
      ok: false,
      errors: [{ path: ['content'], message: expect.stringContaining('1000000 bytes') }],
    });
  });

  it('reports an unknown tool with the tools available', async () => {
    expect(await executeToolCall({ name: 'delete_everything', arguments: {} }, t.context)).toEqual({
      ok: false,
      error: {
        code: 'unknown_tool',
        message: 'there is no tool named "delete_everything"; available tools: list_files, read_file, write_file, search_text',
        available_tools: ['list_files', 'read_file', 'write_file', 'search_text'],
      },
      duration_ms: expect.any(Number),
    });
    expect(await executeToolCall({ name: 'nope', arguments: {} }, { ...t.context, allowCommands: true })).toMatchObject({
      error: { available_tools: ['list_files', 'read_file', 'write_file', 'search_text', 'run_command'] },
    });
  });

  it('says run_command is disabled for this profile, whatever its arguments', async () => {
    for (const args of [{ command: 'echo' }, { nonsense: true }]) {
      expect(await executeToolCall({ name: 'run_command', arguments: args }, t.context)).toMatchObject({
        ok: false,
        error: { code: 'commands_disabled', message: 'run_command is disabled for this profile' },
      });
    }
    expect(
      await executeToolCall({ name: 'run_command', arguments: { command: 'echo', args: ['on'] } }, { ...t.context, allowCommands: true }),
    ).toMatchObject({
      ok: true,
      stdout: 'on\n',
    });
  });

  it('turns a tool that throws into an internal_error result', async () => {
    const broken = builtinTool({
      name: 'broken',
      description: 'Always throws.',
      schema: z.strictObject({}),
      async execute() {
        throw new Error('bug');
      },
    });
    expect(await executeToolCall({ name: 'broken', arguments: {} }, t.context, [...BUILTIN_TOOLS, broken])).toMatchObject({
      ok: false,
      error: { code: 'internal_error', message: 'broken failed unexpectedly: bug' },
    });
  });
});
