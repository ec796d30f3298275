import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTPUT_CAP_BYTES, runCommandTool } from './run-command';
import { makeTestWorkspace, type TestWorkspace } from './test-workspace';
import type { ToolContext } from './types';
import { waitUntil } from '@/test/wait-until';

let t: TestWorkspace;
let allowed: ToolContext;
beforeEach(async () => {
  t = await makeTestWorkspace();
  allowed = { ...t.context, allowCommands: true };
});
afterEach(async () => {
  await t.cleanup();
});

const node = process.execPath;
const run = (command: string, args: string[] = [], options: { timeout_ms?: number; context?: ToolContext } = {}) =>
  runCommandTool.execute({ command, args, timeout_ms: options.timeout_ms ?? 20_000 }, options.context ?? allowed);

/** True once the process is gone (or a zombie waiting for a parent that is not us). */
async function isDead(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat === null || /^\d+ \(.*\) Z/.test(stat);
}

/** Waits for the process to be gone; a slow machine reaps late, a process that was never killed stays. */
const waitUntilDead = (pid: number) => waitUntil(`process ${pid} to end`, () => isDead(pid), 15_000);

describe('run_command', () => {
  it('is off unless the context allows commands', async () => {
    expect(await run('echo', ['hi'], { context: t.context })).toEqual({
      ok: false,
      error: { code: 'commands_disabled', message: 'run_command is disabled for this profile' },
    });
  });

  it('runs a program in the workspace, without a shell', async () => {
    expect(await run('echo', ['$HOME', '*', '|', 'x'])).toMatchObject({
      ok: true,
      exit_code: 0,
      signal: null,
      timed_out: false,
      stdout: '$HOME * | x\n',
      stderr: '',
      stdout_truncated: false,
      stderr_truncated: false,
    });
    expect(await run(node, ['-e', 'console.log(process.cwd())'])).toMatchObject({ ok: true, stdout: `${t.workspaceDir}\n` });
  });

  it('reports the exit code and stderr of a failing program', async () => {
    const result = await run(node, ['-e', 'console.error("boom"); process.exit(3)']);
    expect(result).toMatchObject({ ok: true, exit_code: 3, stderr: 'boom\n', timed_out: false });
    expect(result.ok && typeof result.duration_ms).toBe('number');
  });

  it('reports a program that does not exist', async () => {
    expect(await run('switchboard-no-such-program')).toMatchObject({ ok: false, error: { code: 'command_not_found', path: ['command'] } });
  });

  it('passes only PATH, HOME (the workspace) and LANG, never the server secrets', async () => {
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-proj-PLANTEDfakeKEY0123456789abcdef';
    try {
      const result = await run(node, ['-e', 'process.stdout.write(JSON.stringify(process.env))']);
      if (!result.ok) throw new Error(result.error.message);
      const env = JSON.parse(result.stdout as string) as Record<string, string>;
      expect(env.OPENAI_API_KEY).toBeUndefined();
      expect(result.stdout).not.toContain('PLANTED');
      expect(env.HOME).toBe(t.workspaceDir);
      expect(Object.keys(env).filter((key) => !['PATH', 'HOME', 'LANG'].includes(key))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });

  it('caps stdout and stderr separately', async () => {
    const result = await run(node, ['-e', 'process.stdout.write("x".repeat(200000)); process.stderr.write("e".repeat(10))']);
    expect(result).toMatchObject({ ok: true, exit_code: 0, stdout_truncated: true, stderr_truncated: false, stderr: 'eeeeeeeeee' });
    expect(result.ok && (result.stdout as string).length).toBe(OUTPUT_CAP_BYTES);
  });

  // The sleeps below outlast these bounds by far: a bound is broken only by waiting for them, never by
  // a slow machine.
  it('kills the whole process group at the timeout', async () => {
    const started = Date.now();
    const result = await run('sh', ['-c', 'sleep 120 & echo $!; sleep 120'], { timeout_ms: 500 });
    expect(result).toMatchObject({ ok: true, timed_out: true, exit_code: null, signal: 'SIGKILL' });
    expect(Date.now() - started).toBeLessThan(20_000);
    const background = Number.parseInt(result.ok ? (result.stdout as string) : '', 10);
    expect(background).toBeGreaterThan(0);
    await waitUntilDead(background);
  });

  it('ends background processes left behind when the program exits', async () => {
    const started = Date.now();
    const result = await run('sh', ['-c', 'sleep 120 & echo $!']);
    expect(result).toMatchObject({ ok: true, exit_code: 0, timed_out: false });
    expect(Date.now() - started).toBeLessThan(20_000);
    const background = Number.parseInt(result.ok ? (result.stdout as string) : '', 10);
    await waitUntilDead(background);
  });

  it('is cancelled by the run signal', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = run('sh', ['-c', 'echo > started.txt; exec sleep 120'], { context: { ...allowed, signal: controller.signal } });
    // Aborted once the program runs (an abort before it starts is refused before spawning).
    await waitUntil(
      'the program to start',
      () =>
        access(join(t.workspaceDir, 'started.txt')).then(
          () => true,
          () => false,
        ),
      15_000,
    );
    controller.abort();
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
