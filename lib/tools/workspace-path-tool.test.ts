import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeTestWorkspace, type TestWorkspace } from './test-workspace';
import type { ResolvedWorkspacePath } from './workspace';
import { workspacePathTool } from './workspace-path-tool';

let t: TestWorkspace;
let seen: ResolvedWorkspacePath[];
beforeEach(async () => {
  t = await makeTestWorkspace();
  seen = [];
});
afterEach(async () => {
  await t.cleanup();
});

const sizeTool = workspacePathTool({
  name: 'size_of',
  description: 'The size of a file of the workspace.',
  schema: z.strictObject({ path: z.string() }),
  async run(_args, target) {
    seen.push(target);
    return { ok: true, path: target.relativePath, size: (await stat(target.path)).size };
  },
});

describe('workspacePathTool', () => {
  it('runs on the resolved path and keeps the declared name, description and schema', async () => {
    await t.put('notes/a.txt', 'hello');
    expect(await sizeTool.execute({ path: 'notes/../notes/a.txt' }, t.context)).toEqual({ ok: true, path: 'notes/a.txt', size: 5 });
    expect(seen).toMatchObject([{ ok: true, relativePath: 'notes/a.txt', isSymlink: false }]);
    expect(sizeTool.name).toBe('size_of');
    expect(sizeTool.description).toBe('The size of a file of the workspace.');
    expect(sizeTool.schema.safeParse({ path: 'a', extra: 1 }).success).toBe(false);
  });

  it('refuses a path that leads out of the workspace without running the tool', async () => {
    const result = await sizeTool.execute({ path: '../outside/secret.txt' }, t.context);
    expect(result).toEqual({
      ok: false,
      error: { code: 'path_refused', message: '"../outside/secret.txt" leads outside the workspace', path: ['path'] },
    });
    expect(seen).toEqual([]);
  });

  it('refuses a link that leads out of the workspace without running the tool', async () => {
    await t.link('escape', t.outsideDir);
    const result = await sizeTool.execute({ path: 'escape/secret.txt' }, t.context);
    expect(result).toMatchObject({ ok: false, error: { code: 'path_refused', path: ['path'] } });
    expect(seen).toEqual([]);
  });

  it('turns a file-system error the tool throws into a failure naming the workspace-relative path', async () => {
    const result = await sizeTool.execute({ path: 'missing/file.txt' }, t.context);
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'missing/file.txt does not exist', path: ['path'] } });
    expect(JSON.stringify(result)).not.toContain(t.workspaceDir);
  });
});
