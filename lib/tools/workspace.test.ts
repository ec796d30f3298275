import { mkdir, readFile, readdir, readlink, realpath, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestWorkspace, type TestWorkspace } from './test-workspace';
import { WorkspaceError, createWorkspace, removeWorkspacesBefore, resolveInWorkspace } from './workspace';

let t: TestWorkspace;
beforeEach(async () => {
  t = await makeTestWorkspace();
});
afterEach(async () => {
  await t.cleanup();
});

describe('createWorkspace', () => {
  it('creates <root>/<runId>, creating the root too, and returns its real path', async () => {
    const root = path.join(t.base, '.data', 'workspaces');
    expect(await createWorkspace({ root, runId: 'run_123' })).toBe(path.join(root, 'run_123'));
    expect((await stat(path.join(root, 'run_123'))).isDirectory()).toBe(true);
  });

  it('seeds a new workspace from a template without following links out of it', async () => {
    const template = path.join(t.base, 'template');
    await mkdir(path.join(template, 'src', 'lib'), { recursive: true });
    await writeFile(path.join(template, 'README.md'), '# seed\n');
    await writeFile(path.join(template, 'src', 'lib', 'a.ts'), 'export const a = 1;\n');
    await symlink('src/lib/a.ts', path.join(template, 'inner-link'));
    await symlink(path.join(t.outsideDir, 'secret.txt'), path.join(template, 'outer-link'));
    await symlink(t.outsideDir, path.join(template, 'src', 'outer-dir'));
    await symlink('missing.txt', path.join(template, 'dangling'));

    const dir = await createWorkspace({ root: path.join(t.base, 'ws'), runId: 'r1', templateDir: template });
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'inner-link', 'src']);
    expect(await readdir(path.join(dir, 'src'))).toEqual(['lib']);
    expect(await readFile(path.join(dir, 'src', 'lib', 'a.ts'), 'utf8')).toBe('export const a = 1;\n');
    expect(await readlink(path.join(dir, 'inner-link'))).toBe('src/lib/a.ts');
    expect(await realpath(path.join(dir, 'inner-link'))).toBe(path.join(dir, 'src', 'lib', 'a.ts'));
  });

  it('returns an existing workspace as it is, without seeding it again', async () => {
    const template = path.join(t.base, 'template');
    await mkdir(template);
    await writeFile(path.join(template, 'a.txt'), 'seed');
    const root = path.join(t.base, 'ws');
    const dir = await createWorkspace({ root, runId: 'r1', templateDir: template });
    await writeFile(path.join(dir, 'a.txt'), 'changed by the run');
    expect(await createWorkspace({ root, runId: 'r1', templateDir: template })).toBe(dir);
    expect(await readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('changed by the run');
  });

  it.each(['', '.', '..', '../x', 'a/b', '-x', 'x'.repeat(129), 'a\0b'])('refuses run id %j', async (runId) => {
    await expect(createWorkspace({ root: path.join(t.base, 'ws'), runId })).rejects.toMatchObject({
      name: 'WorkspaceError',
      kind: 'invalid_run_id',
    });
  });

  it('reports a missing template folder and creates nothing', async () => {
    const templateDir = path.join(t.base, 'nope');
    await expect(createWorkspace({ root: path.join(t.base, 'ws'), runId: 'r1', templateDir })).rejects.toBeInstanceOf(WorkspaceError);
    await expect(stat(path.join(t.base, 'ws', 'r1'))).rejects.toThrow();
  });
});

describe('resolveInWorkspace', () => {
  it('resolves relative paths, existing or not', async () => {
    await t.put('a/b.txt', 'x');
    expect(await resolveInWorkspace(t.workspaceDir, 'a/b.txt')).toEqual({
      ok: true,
      path: path.join(t.workspaceDir, 'a', 'b.txt'),
      relativePath: 'a/b.txt',
      workspaceRoot: t.workspaceDir,
      isSymlink: false,
    });
    expect(await resolveInWorkspace(t.workspaceDir, 'new/dir/c.txt')).toMatchObject({ ok: true, relativePath: 'new/dir/c.txt' });
    expect(await resolveInWorkspace(t.workspaceDir, 'a/../c.txt')).toMatchObject({ ok: true, relativePath: 'c.txt' });
    expect(await resolveInWorkspace(t.workspaceDir, '.')).toMatchObject({ ok: true, path: t.workspaceDir, relativePath: '.' });
    expect(await resolveInWorkspace(t.workspaceDir, '')).toMatchObject({ ok: true, path: t.workspaceDir, relativePath: '.' });
    expect(await resolveInWorkspace(t.workspaceDir, './a//b.txt/')).toMatchObject({ ok: true, relativePath: 'a/b.txt' });
  });

  it.each([
    ['../x', /outside the workspace/],
    ['..', /outside the workspace/],
    ['a/../../x', /outside the workspace/],
    ['../outside/secret.txt', /outside the workspace/],
    ['/etc/passwd', /absolute paths are not allowed/],
    ['a\0b', /NUL byte/],
  ])('refuses %j', async (userPath, message) => {
    const result = await resolveInWorkspace(t.workspaceDir, userPath);
    expect(result).toEqual({ ok: false, error: { path: ['path'], message: expect.stringMatching(message) } });
  });

  it('refuses a symbolic link to a file outside, absolute or relative', async () => {
    await t.link('abs', path.join(t.outsideDir, 'secret.txt'));
    await t.link('sub/rel', '../../outside/secret.txt');
    for (const userPath of ['abs', 'sub/rel']) {
      const result = await resolveInWorkspace(t.workspaceDir, userPath);
      expect(result).toMatchObject({ ok: false, error: { path: ['path'], message: expect.stringContaining('symbolic link') } });
    }
  });

  it('refuses a dangling symbolic link whose target would be outside', async () => {
    await t.link('ghost', path.join(t.outsideDir, 'not-yet.txt'));
    expect(await resolveInWorkspace(t.workspaceDir, 'ghost')).toMatchObject({ ok: false });
    await t.link('ghost-dir', path.join(t.outsideDir, 'no', 'such'));
    expect(await resolveInWorkspace(t.workspaceDir, 'ghost-dir/file.txt')).toMatchObject({ ok: false });
  });

  it('refuses a symlinked folder in the middle of a path, for existing and new files', async () => {
    await t.link('docs/out', t.outsideDir);
    for (const userPath of ['docs/out', 'docs/out/secret.txt', 'docs/out/new/file.txt', 'docs/out/../out/secret.txt']) {
      const result = await resolveInWorkspace(t.workspaceDir, userPath);
      expect(result, userPath).toMatchObject({ ok: false, error: { message: expect.stringContaining('"docs/out" is a symbolic link') } });
    }
  });

  it('refuses links that lead out through other links or ..', async () => {
    await t.link('l2', t.outsideDir);
    await t.link('l1', 'l2');
    expect(await resolveInWorkspace(t.workspaceDir, 'l1/secret.txt')).toMatchObject({ ok: false });
    await t.put('deep/er/file.txt', 'x');
    await t.link('deep/er/up', '../../..');
    expect(await resolveInWorkspace(t.workspaceDir, 'deep/er/up/outside/secret.txt')).toMatchObject({ ok: false });
    // `..` inside a link target applies to where the link before it led, as the kernel does.
    // Read lexically, deep/x/hop/../../outside would be deep/outside, inside; the kernel goes from `a`.
    await t.put('a/file.txt', 'x');
    await t.link('deep/x/hop', path.join(t.workspaceDir, 'a'));
    await t.link('deep/x/tricky', 'hop/../../outside/secret.txt');
    expect(await resolveInWorkspace(t.workspaceDir, 'deep/x/tricky')).toMatchObject({ ok: false });
  });

  it('refuses a loop of links', async () => {
    await t.link('loop-a', 'loop-b');
    await t.link('loop-b', 'loop-a');
    expect(await resolveInWorkspace(t.workspaceDir, 'loop-a')).toMatchObject({ ok: false });
  });

  it('allows links that stay inside, and reports where they lead', async () => {
    await t.put('src/real.txt', 'x');
    await t.link('alias.txt', 'src/real.txt');
    await t.link('srcdir', 'src');
    expect(await resolveInWorkspace(t.workspaceDir, 'alias.txt')).toMatchObject({
      ok: true,
      path: path.join(t.workspaceDir, 'src', 'real.txt'),
      relativePath: 'src/real.txt',
      isSymlink: true,
    });
    expect(await resolveInWorkspace(t.workspaceDir, 'srcdir/new.txt')).toMatchObject({
      ok: true,
      relativePath: 'src/new.txt',
      isSymlink: false,
    });
  });

  it('names the argument given as the field of a refusal', async () => {
    expect(await resolveInWorkspace(t.workspaceDir, '../x', ['args', '0'])).toMatchObject({ ok: false, error: { path: ['args', '0'] } });
  });
});

describe('removeWorkspacesBefore', () => {
  it('removes the workspaces of runs whose id sorts before the first kept one, and nothing else', async () => {
    const root = path.join(t.base, '.data', 'workspaces');
    const old = '019a0000-0000-7000-8000-000000000001';
    const kept = '019b0000-0000-7000-8000-000000000001';
    for (const runId of [old, kept, 'run_123']) await createWorkspace({ root, runId });
    await writeFile(path.join(root, '0000notes.txt'), 'not a workspace');
    expect(await removeWorkspacesBefore(root, '019b0000-0000-0000-0000-000000000000')).toBe(1);
    expect((await readdir(root)).sort()).toEqual(['0000notes.txt', kept, 'run_123']);
    expect(await removeWorkspacesBefore(path.join(t.base, 'none'), kept)).toBe(0);
  });
});
