import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFilesTool } from './list-files';
import { makeTestWorkspace, type TestWorkspace } from './test-workspace';

let t: TestWorkspace;
beforeEach(async () => {
  t = await makeTestWorkspace();
  await t.put('b.txt', 'hello');
  await t.put('a.md', '# a\n');
  await t.put('src/index.ts', 'export {};\n');
  await t.put('src/lib/util.ts', '');
});
afterEach(async () => {
  await t.cleanup();
});

const list = (args: Partial<{ path: string; recursive: boolean; max_entries: number }>) =>
  listFilesTool.execute({ path: '.', recursive: false, max_entries: 200, ...args }, t.context);

describe('list_files', () => {
  it('lists a folder, sorted, with types and sizes', async () => {
    await t.link('link-to-a', 'a.md');
    expect(await list({})).toEqual({
      ok: true,
      path: '.',
      entries: [
        { name: 'a.md', type: 'file', size: 4 },
        { name: 'b.txt', type: 'file', size: 5 },
        { name: 'link-to-a', type: 'symlink', size: null },
        { name: 'src', type: 'dir', size: null },
      ],
      truncated: false,
    });
  });

  it('lists recursively, depth-first, and lists a sub-folder', async () => {
    const result = await list({ recursive: true });
    expect(result).toMatchObject({ ok: true, truncated: false });
    expect(result.ok && (result.entries as { name: string }[]).map((entry) => entry.name)).toEqual([
      'a.md',
      'b.txt',
      'src',
      'src/index.ts',
      'src/lib',
      'src/lib/util.ts',
    ]);
    expect(await list({ path: 'src/lib' })).toEqual({
      ok: true,
      path: 'src/lib',
      entries: [{ name: 'util.ts', type: 'file', size: 0 }],
      truncated: false,
    });
  });

  it('stops at max_entries and says so', async () => {
    const result = await list({ recursive: true, max_entries: 3 });
    expect(result).toMatchObject({ ok: true, truncated: true, entries: [{ name: 'a.md' }, { name: 'b.txt' }, { name: 'src' }] });
    expect(await list({ max_entries: 4 })).toMatchObject({ truncated: false });
  });

  it('does not follow a symlinked folder while listing recursively', async () => {
    await t.link('escape', t.outsideDir);
    const result = await list({ recursive: true });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.entries).toContainEqual({ name: 'escape', type: 'symlink', size: null });
  });

  it.each(['../', '..', '/etc', 'src/../../outside', 'escape', 'escape/sub'])('refuses %j', async (path) => {
    await t.link('escape', t.outsideDir);
    const result = await list({ path });
    expect(result).toMatchObject({ ok: false, error: { code: 'path_refused', path: ['path'] } });
  });

  it('reports a missing folder and a file given as a folder', async () => {
    expect(await list({ path: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'nope does not exist' } });
    expect(await list({ path: 'a.md' })).toMatchObject({ ok: false, error: { code: 'not_a_directory' } });
  });
});
