import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LOGS_DIR, runLogged } from './bootstrap.mjs';
import { ExpectedFailure } from './expected-failure.mjs';

const logName = `run-logged-test-${process.pid}.log`;
afterAll(() => rmSync(join(LOGS_DIR, logName), { force: true }));

describe('runLogged (npm ci, prisma generate, next build)', () => {
  it('keeps the output in .data/logs, tells its latest line, and resolves with it', async () => {
    const tool = runLogged(
      process.execPath,
      ['-e', 'console.log("\\u001b[32m✓\\u001b[39m Compiled successfully"); console.error("  Collecting page data ...")'],
      logName,
    );
    const output = await tool.done;
    expect(output).toContain('Compiled successfully');
    expect(tool.status()).toBe('Collecting page data ...');
    expect(readFileSync(join(LOGS_DIR, logName), 'utf8')).toContain('Collecting page data');
  });

  it('on failure prints the last lines and fails without a stack, naming the log', async () => {
    const printed = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const tool = runLogged(process.execPath, ['-e', 'console.log("Type error: x is not a string"); process.exit(3)'], logName);
      const error = await tool.done.catch((failure) => failure);
      expect(error).toBeInstanceOf(ExpectedFailure);
      expect(error.message).toMatch(new RegExp(`failed \\(exit code 3\\); its output: \\.data/logs/${logName}$`));
      expect(printed.mock.calls.map(([text]) => String(text)).join('')).toContain('Type error: x is not a string');
    } finally {
      printed.mockRestore();
    }
    expect(existsSync(join(LOGS_DIR, logName))).toBe(true);
  });
});
