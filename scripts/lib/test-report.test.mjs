import { describe, expect, it } from 'vitest';
import { playwrightOutcome, vitestOutcome, whyLines } from './test-report.mjs';

describe('vitestOutcome', () => {
  it('names each failed test by file and titles, and a file that failed outside its tests by its first message line', () => {
    const report = {
      numPassedTests: 7,
      numFailedTests: 2,
      numFailedTestSuites: 4,
      numPendingTests: 1,
      numTodoTests: 0,
      testResults: [
        {
          name: '/repo/lib/a/broken.test.ts',
          status: 'failed',
          message: "Cannot find module './gone'\n    at import",
          assertionResults: [],
        },
        {
          name: '/repo/lib/b/sample.test.ts',
          status: 'failed',
          message: '',
          assertionResults: [
            {
              ancestorTitles: ['outer', 'inner'],
              title: 'fails here',
              status: 'failed',
              failureMessages: [
                'AssertionError: run 7: expected 1 to be 2\n\n- Expected\n+ Received\n    at Context.<anonymous> (sample.test.ts:3:4)',
              ],
            },
            { ancestorTitles: ['outer', 'inner'], title: 'passes', status: 'passed' },
            { ancestorTitles: [], title: 'top-level fail', status: 'failed' },
          ],
        },
        {
          name: '/repo/lib/c/fine.test.ts',
          status: 'passed',
          message: '',
          assertionResults: [{ ancestorTitles: [], title: 'ok', status: 'passed' }],
        },
      ],
    };
    expect(vitestOutcome(report, '/repo')).toEqual({
      passed: 7,
      failed: 3,
      skipped: 1,
      failures: [
        { test: "lib/a/broken.test.ts: Cannot find module './gone'", why: [] },
        {
          test: 'lib/b/sample.test.ts > outer > inner > fails here',
          why: ['AssertionError: run 7: expected 1 to be 2', '- Expected', '+ Received'],
        },
        { test: 'lib/b/sample.test.ts > top-level fail', why: [] },
      ],
    });
  });
});

describe('playwrightOutcome', () => {
  it('names each unexpected test by file, line and describe titles; flaky ones pass; errors outside tests count', () => {
    const report = {
      stats: { expected: 3, unexpected: 1, flaky: 1, skipped: 0 },
      errors: [{ message: 'Error: webServer exited early\nmore' }],
      suites: [
        {
          title: 'run-page.spec.ts',
          file: 'run-page.spec.ts',
          specs: [{ title: 'top spec', file: 'run-page.spec.ts', line: 5, tests: [{ status: 'expected' }] }],
          suites: [
            {
              title: 'cancel',
              file: 'run-page.spec.ts',
              specs: [
                {
                  title: 'cancels a run',
                  file: 'run-page.spec.ts',
                  line: 72,
                  tests: [
                    {
                      status: 'unexpected',
                      results: [
                        { error: { message: '\x1b[31mError: expect(locator).toHaveText\x1b[39m\nLocator: x\n   at run-page.spec.ts:80' } },
                      ],
                    },
                  ],
                },
                { title: 'flaky one', file: 'run-page.spec.ts', line: 90, tests: [{ status: 'flaky' }] },
              ],
            },
          ],
        },
      ],
    };
    expect(playwrightOutcome(report)).toEqual({
      passed: 4,
      failed: 2,
      skipped: 0,
      failures: [
        { test: 'run-page.spec.ts:72 > cancel > cancels a run', why: ['Error: expect(locator).toHaveText', 'Locator: x'] },
        { test: 'outside any test: Error: webServer exited early', why: [] },
      ],
    });
  });
});

describe('whyLines', () => {
  it('keeps at most eight lines before the stack, each cut to 300 characters', () => {
    const long = 'x'.repeat(400);
    const message = [long, ...Array.from({ length: 12 }, (_, index) => `line ${index}`)].join('\n');
    const lines = whyLines(message);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(`${'x'.repeat(300)}…`);
    expect(lines.at(-1)).toBe('line 6');
    expect(whyLines('Error: boom\n ❯ lib/x.test.ts:3:1\nafter')).toEqual(['Error: boom']);
    expect(whyLines(undefined)).toEqual([]);
  });
});
