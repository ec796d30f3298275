import { spawn, type ChildProcess } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { utf8CharBoundaryBefore } from './text-content';
import { cancelledFailure, errorCode, toolFailure } from './tool-errors';
import { builtinTool, type ToolResult } from './types';

/** Bytes kept of each of stdout and stderr; the rest is read and dropped. */
export const OUTPUT_CAP_BYTES = 64 * 1024;
/** After the program exits, how long its leftovers may hold the output pipes open. */
const DRAIN_GRACE_MS = 1_000;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export const runCommandSchema = z.strictObject({
  command: z
    .string()
    .min(1)
    .describe(
      'Program to run: a name looked up on PATH, or a path relative to the workspace. There is no shell: pipes, globs and redirections are not interpreted.',
    ),
  args: z.array(z.string()).default([]).describe('Arguments, passed to the program as they are.'),
  timeout_ms: z
    .number()
    .int()
    .min(1)
    .max(120_000)
    .default(20_000)
    .describe('Kill the program (and everything it started) after this many milliseconds.'),
});

export type RunCommandResult = {
  ok: true;
  /** Null when the program was killed by a signal. */
  exit_code: number | null;
  signal: string | null;
  timed_out: boolean;
  duration_ms: number;
  stdout: string;
  stderr: string;
  stdout_truncated: boolean;
  stderr_truncated: boolean;
};

/**
 * The environment a command sees: a PATH, HOME set to the workspace, and a locale. Nothing else
 * of the server's environment (API keys, database URLs) reaches it.
 */
export function commandEnvironment(workspaceDir: string): Record<string, string> {
  return { PATH: process.env.PATH || DEFAULT_PATH, HOME: workspaceDir, LANG: process.env.LANG || 'C.UTF-8' };
}

export const runCommandTool = builtinTool({
  name: 'run_command',
  description:
    'Run a program in the workspace folder, without a shell, and return its exit code, stdout and stderr ' +
    `(each cut to ${OUTPUT_CAP_BYTES / 1024} KiB). It is killed after \`timeout_ms\`. Only available when the profile allows commands.`,
  schema: runCommandSchema,
  requiresCommands: true,
  async execute(args, context) {
    if (!context.allowCommands) return toolFailure('commands_disabled', 'run_command is disabled for this profile');
    if (context.signal?.aborted) return cancelledFailure();
    let cwd: string;
    try {
      cwd = await realpath(context.workspaceDir);
    } catch {
      return toolFailure('not_found', 'the workspace folder does not exist');
    }
    return runProcess(args.command, args.args, { cwd, timeoutMs: args.timeout_ms, signal: context.signal });
  },
});

function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; signal?: AbortSignal },
): Promise<ToolResult> {
  const startedAt = Date.now();
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      // Next's typings make NODE_ENV required in ProcessEnv; the child deliberately gets none.
      env: commandEnvironment(options.cwd) as NodeJS.ProcessEnv,
      shell: false,
      // Its own process group, so that a timeout kills everything the program started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
  } catch (error) {
    return Promise.resolve(toolFailure('io_error', `could not start ${command}: ${(error as Error).message}`, ['command']));
  }

  return new Promise<ToolResult>((resolve) => {
    const stdout = capture(child.stdout);
    const stderr = capture(child.stderr);
    let timedOut = false;
    let cancelled = false;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let settled = false;

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const onAbort = () => {
      cancelled = true;
      killGroup();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    let drainTimer: NodeJS.Timeout | undefined;
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (result: ToolResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const report = () => {
      if (cancelled) return finish(cancelledFailure());
      finish({
        ok: true,
        exit_code: exited?.code ?? null,
        signal: exited?.signal ?? null,
        timed_out: timedOut,
        duration_ms: Date.now() - startedAt,
        stdout: stdout.text(),
        stderr: stderr.text(),
        stdout_truncated: stdout.truncated(),
        stderr_truncated: stderr.truncated(),
      } satisfies RunCommandResult);
    };

    child.once('error', (error) => {
      if (child.pid !== undefined) return; // Spawned; 'exit' and 'close' still tell the outcome.
      const code = errorCode(error);
      if (code === 'ENOENT') return finish(toolFailure('command_not_found', `${command} was not found (PATH or workspace)`, ['command']));
      if (code === 'EACCES') return finish(toolFailure('permission_denied', `${command} is not executable`, ['command']));
      finish(toolFailure('io_error', `could not start ${command}${code ? ` (${code})` : ''}`, ['command']));
    });
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      clearTimeout(timer);
      // Background processes it left behind would outlive the call: end them too.
      killGroup();
      drainTimer = setTimeout(report, DRAIN_GRACE_MS);
    });
    child.once('close', (code, signal) => {
      exited ??= { code, signal };
      report();
    });
  });
}

function capture(stream: Readable | null) {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  stream?.on('data', (chunk: Buffer) => {
    const room = OUTPUT_CAP_BYTES - size;
    if (chunk.length > room) truncated = true;
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    chunks.push(kept);
    size += kept.length;
  });
  return {
    text: () => {
      const bytes = Buffer.concat(chunks);
      return bytes.subarray(0, truncated ? utf8CharBoundaryBefore(bytes, bytes.length) : bytes.length).toString('utf8');
    },
    truncated: () => truncated,
  };
}
