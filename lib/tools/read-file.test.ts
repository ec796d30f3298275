import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileTool } from './read-file';
import { makeTestWorkspace, type TestWorkspace } from './test-workspace';

let t: TestWorkspace;
beforeEach(async () => {
  t = await makeTestWorkspace();
});
afterEach(async () => {
  await t.cleanup();
});

const read = (path: string, options: { offset?: number; max_bytes?: number } = {}) =>
  readFileTool.execute({ path, offset: 0, max_bytes: 100_000, ...options }, t.context);

describe('read_file', () => {
  it('reads a text file', async () => {
    await t.put('notes/hello.txt', 'héllo\nworld\n');
    expect(await read('notes/hello.txt')).toEqual({
      ok: true,
      path: 'notes/hello.txt',
      content: 'héllo\nworld\n',
      size: 13,
      offset: 0,
      bytes_read: 13,
      truncated: false,
      next_offset: null,
    });
  });

  it('reads in slices that never split a UTF-8 character', async () => {
    const text = 'aé€😀'.repeat(50) + 'end';
    await t.put('multi.txt', text);
    let offset = 0;
    let content = '';
    for (let reads = 0; reads < 1000; reads += 1) {
      const result = await read('multi.txt', { offset, max_bytes: 5 });
      if (!result.ok) throw new Error(result.error.message);
      expect(result.content).not.toContain('\uFFFD');
      content += result.content as string;
      if (!result.truncated) break;
      offset = result.next_offset as number;
    }
    expect(content).toBe(text);
  });

  it('moves an offset that falls inside a character to the next one', async () => {
    await t.put('euro.txt', '€uro'); // € is 3 bytes
    expect(await read('euro.txt', { offset: 1 })).toMatchObject({ ok: true, offset: 3, content: 'uro', truncated: false });
    expect(await read('euro.txt', { offset: 99 })).toMatchObject({ ok: true, offset: 6, content: '', truncated: false });
  });

  it('refuses binary files with a clear message', async () => {
    await t.put('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await t.put('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x21])); // "café!" in Latin-1
    for (const file of ['image.png', 'latin1.txt']) {
      expect(await read(file)).toEqual({
        ok: false,
        error: {
          code: 'binary_file',
          message: `${file} looks like a binary file (NUL bytes or not UTF-8); read_file only returns UTF-8 text`,
          path: ['path'],
        },
      });
    }
  });

  it('refuses text whose later part is binary', async () => {
    await t.put('mixed.bin', Buffer.concat([Buffer.from('a'.repeat(10_000)), Buffer.from([0, 1, 2])]));
    expect(await read('mixed.bin', { offset: 9_000 })).toMatchObject({ ok: false, error: { code: 'binary_file' } });
  });

  it('reports folders and missing files without absolute paths', async () => {
    await t.put('dir/x.txt', 'x');
    const folder = await read('dir');
    expect(folder).toMatchObject({ ok: false, error: { code: 'is_directory' } });
    const missing = await read('dir/nope.txt');
    expect(missing).toEqual({ ok: false, error: { code: 'not_found', message: 'dir/nope.txt does not exist', path: ['path'] } });
    expect(JSON.stringify([folder, missing])).not.toContain(t.base);
  });

  it.each(['../outside/secret.txt', '/etc/passwd', 'a/../../outside/secret.txt', 'leak.txt', 'out/secret.txt', 'docs/out/secret.txt'])(
    'refuses %j',
    async (path) => {
      await t.link('leak.txt', `${t.outsideDir}/secret.txt`);
      await t.link('out', '../outside');
      await t.link('docs/out', t.outsideDir);
      const result = await read(path);
      expect(result).toMatchObject({ ok: false, error: { code: 'path_refused', path: ['path'] } });
      expect(JSON.stringify(result)).not.toContain('outside secret');
    },
  );

  it('follows a link that stays inside the workspace', async () => {
    await t.put('src/real.txt', 'real');
    await t.link('alias.txt', 'src/real.txt');
    expect(await read('alias.txt')).toMatchObject({ ok: true, path: 'src/real.txt', content: 'real' });
  });
});
