import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEARCH_LIMITS, searchText, searchTextTool, type SearchTextArgs } from './search-text';
import { makeTestWorkspace, type TestWorkspace } from './test-workspace';

let t: TestWorkspace;
beforeEach(async () => {
  t = await makeTestWorkspace();
  await t.put('src/app.ts', 'import x from "y";\nconsole.log("Hello, world");\n  const greeting = hello();  \n');
  await t.put('README.md', '# Hello\nfoo(bar) and a.b(c\n');
});
afterEach(async () => {
  await t.cleanup();
});

const search = (args: Partial<SearchTextArgs> & { query: string }) =>
  searchTextTool.execute({ path: '.', regex: false, max_results: 50, case_sensitive: false, ...args }, t.context);

describe('search_text', () => {
  it('finds a string in every text file, case-insensitively by default', async () => {
    expect(await search({ query: 'hello' })).toEqual({
      ok: true,
      matches: [
        { path: 'README.md', line: 1, text: '# Hello' },
        { path: 'src/app.ts', line: 2, text: 'console.log("Hello, world");' },
        { path: 'src/app.ts', line: 3, text: 'const greeting = hello();' },
      ],
      truncated: false,
      stopped_by: null,
      files_searched: 2,
      skipped: { binary: 0, too_large: 0 },
    });
  });

  it('matches case when asked, and searches one folder or file', async () => {
    const cased = await search({ query: 'hello', case_sensitive: true });
    expect(cased).toMatchObject({ ok: true, matches: [{ path: 'src/app.ts', line: 3 }] });
    expect(await search({ query: 'hello', path: 'README.md' })).toMatchObject({ matches: [{ path: 'README.md', line: 1 }] });
    expect(await search({ query: 'hello', path: 'src' })).toMatchObject({
      files_searched: 1,
      matches: [{ path: 'src/app.ts' }, { path: 'src/app.ts' }],
    });
  });

  it('treats the query literally unless regex is true', async () => {
    expect(await search({ query: 'a.b(c' })).toMatchObject({ matches: [{ path: 'README.md', line: 2 }] });
    expect(await search({ query: 'foo\\(\\w+\\)', regex: true })).toMatchObject({ matches: [{ path: 'README.md', line: 2 }] });
    expect(await search({ query: '^import\\s', regex: true })).toMatchObject({ matches: [{ path: 'src/app.ts', line: 1 }] });
  });

  it('reports an invalid regular expression', async () => {
    expect(await search({ query: 'foo(', regex: true })).toEqual({
      ok: false,
      error: { code: 'invalid_regex', message: expect.stringContaining('invalid regular expression'), path: ['query'] },
    });
  });

  it('skips binary files, files over 2 MB, .git and node_modules', async () => {
    await t.put('logo.png', Buffer.concat([Buffer.from('hello'), Buffer.from([0, 0, 0])]));
    await t.put('big.log', `hello\n${'x'.repeat(2 * 1024 * 1024)}`);
    await t.put('node_modules/pkg/index.js', 'hello');
    await t.put('.git/HEAD', 'hello');
    const result = await search({ query: 'hello' });
    expect(result).toMatchObject({ ok: true, files_searched: 2, skipped: { binary: 1, too_large: 1 } });
    expect(JSON.stringify(result)).not.toMatch(/logo|big\.log|node_modules|\.git/);
  });

  it('stops at max_results and cuts long lines to 300 characters', async () => {
    await t.put('many.txt', Array.from({ length: 10 }, (_, index) => `match ${index} ${'y'.repeat(400)}`).join('\n'));
    const result = await search({ query: 'match', path: 'many.txt', max_results: 3 });
    expect(result).toMatchObject({ ok: true, truncated: true, stopped_by: 'max_results' });
    const matches = result.ok ? (result.matches as { line: number; text: string }[]) : [];
    expect(matches.map((match) => match.line)).toEqual([1, 2, 3]);
    expect(matches[0]?.text).toHaveLength(300);
    expect(await search({ query: 'match', path: 'many.txt', max_results: 10 })).toMatchObject({ truncated: false, stopped_by: null });
  });

  it('bounds the work of a catastrophically backtracking pattern', async () => {
    await t.put('evil.txt', `${'a'.repeat(40)}!\n`);
    // 2^40 steps unbounded: the search returns at all only because the budget stopped it.
    const result = await searchText({ query: '(a+)+$', path: 'evil.txt', regex: true, max_results: 50, case_sensitive: false }, t.context, {
      ...SEARCH_LIMITS,
      timeBudgetMs: 300,
    });
    expect(result).toMatchObject({ ok: true, matches: [], truncated: true, stopped_by: 'time_budget' });
  });

  it('stops at the file limit', async () => {
    await t.put('src/more.ts', 'hello');
    const result = await searchText({ query: 'hello', path: '.', regex: false, max_results: 50, case_sensitive: false }, t.context, {
      ...SEARCH_LIMITS,
      maxFiles: 1,
    });
    expect(result).toMatchObject({ ok: true, truncated: true, stopped_by: 'max_files', files_searched: 1 });
  });

  it('stays inside the workspace', async () => {
    await t.link('escape', t.outsideDir);
    await t.link('secret-link.txt', `${t.outsideDir}/secret.txt`);
    expect(await search({ query: 'outside secret' })).toMatchObject({ ok: true, matches: [] });
    for (const path of ['../outside', '/etc', 'escape', 'secret-link.txt']) {
      expect(await search({ query: 'secret', path })).toMatchObject({ ok: false, error: { code: 'path_refused', path: ['path'] } });
    }
  });

  it('is cancelled by the run signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await searchTextTool.execute(
      { query: 'hello', path: '.', regex: false, max_results: 50, case_sensitive: false },
      { ...t.context, signal: controller.signal },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});
