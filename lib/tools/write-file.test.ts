import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestWorkspace, type TestWorkspace } from './test-workspace';
import { writeFileTool } from './write-file';

let t: TestWorkspace;
beforeEach(async () => {
  t = await makeTestWorkspace();
});
afterEach(async () => {
  await t.cleanup();
});

const write = (path: string, content: string, create_dirs = true) => writeFileTool.execute({ path, content, create_dirs }, t.context);
const inWorkspace = (relative: string) => readFile(path.join(t.workspaceDir, relative), 'utf8');
const outsideUntouched = async () => {
  expect((await readdir(t.outsideDir)).sort()).toEqual(['secret.txt']);
  expect(await readFile(path.join(t.outsideDir, 'secret.txt'), 'utf8')).toBe('outside secret\n');
};

describe('write_file', () => {
  it('creates a file and its folders, then replaces it', async () => {
    expect(await write('src/deep/new.ts', 'const é = 1;\n')).toEqual({
      ok: true,
      path: 'src/deep/new.ts',
      bytes_written: 14,
      created: true,
    });
    expect(await inWorkspace('src/deep/new.ts')).toBe('const é = 1;\n');
    expect(await write('src/deep/new.ts', 'x')).toEqual({ ok: true, path: 'src/deep/new.ts', bytes_written: 1, created: false });
    expect(await inWorkspace('src/deep/new.ts')).toBe('x');
  });

  it('does not create folders when create_dirs is false', async () => {
    expect(await write('missing/file.txt', 'x', false)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'folder missing does not exist (set create_dirs to true to create it)', path: ['path'] },
    });
    expect(await write('top.txt', 'x', false)).toMatchObject({ ok: true });
  });

  it('refuses to write through a symbolic link, even one that stays inside', async () => {
    await t.put('real.txt', 'original');
    await t.link('alias.txt', 'real.txt');
    expect(await write('alias.txt', 'changed')).toMatchObject({ ok: false, error: { code: 'symlink_refused', path: ['path'] } });
    expect(await inWorkspace('real.txt')).toBe('original');
  });

  it.each([
    ['../outside/secret.txt'],
    ['../x.txt'],
    ['/etc/passwd'],
    ['/tmp/switchboard-write-test.txt'],
    ['a/../../x.txt'],
    ['leak.txt'],
    ['ghost.txt'],
    ['out/secret.txt'],
    ['out/new.txt'],
    ['docs/out/new/deeper.txt'],
  ])('refuses %j and writes nothing outside', async (userPath) => {
    await t.link('leak.txt', path.join(t.outsideDir, 'secret.txt'));
    await t.link('ghost.txt', path.join(t.outsideDir, 'ghost.txt'));
    await t.link('out', '../outside');
    await t.link('docs/out', t.outsideDir);
    const result = await write(userPath, 'pwned');
    expect(result).toMatchObject({ ok: false, error: { code: 'path_refused', path: ['path'] } });
    await outsideUntouched();
    expect((await readdir(t.base)).sort()).toEqual(['outside', 'workspace']);
  });

  it('reports a folder given as the file', async () => {
    await t.put('dir/x.txt', 'x');
    expect(await write('dir', 'x')).toMatchObject({ ok: false, error: { code: 'is_directory' } });
    expect(await write('.', 'x')).toMatchObject({ ok: false, error: { code: 'is_directory' } });
  });
});
