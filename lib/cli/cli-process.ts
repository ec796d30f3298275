// Test helper: runs a CLI of this checkout as a child process, as a person would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type CliResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

export type CliProcess = {
  child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when `test` holds for the output so far (rejects after `timeoutMs` or when the CLI ends first). */
  waitForOutput(test: (stdout: string, stderr: string) => boolean, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
};

/** The environment of a CLI under test: the test database, no provider keys, no colours. */
export function cliEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NO_COLOR: '1', ...extra };
  for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENROUTER_API_KEY', 'SWITCHBOARD_LOG_LEVEL'])
    if (!(name in extra)) delete env[name];
  return env;
}

/** `npm run <script> -- args` (how the README tells people to run it). */
export function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv): CliProcess {
  return start('npm', ['run', '--silent', script, '--', ...args], env);
}

/** `node --import tsx --conditions=react-server scripts/<file>` directly: signals reach the CLI itself. */
export function nodeScript(file: string, args: string[], env: NodeJS.ProcessEnv): CliProcess {
  return start(process.execPath, ['--import', 'tsx', '--conditions=react-server', `scripts/${file}`, ...args], env);
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const listener of listeners) listener();
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      for (const listener of listeners) listener();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitForOutput(test, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (test(stdout, stderr)) finish(null);
          else if (child.exitCode !== null || child.signalCode !== null)
            finish(new Error(`the CLI ended before the expected output:\n${stdout}\n${stderr}`));
        };
        const timer = setTimeout(() => finish(new Error(`no expected output within ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
        function finish(error: Error | null) {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        }
        listeners.add(check);
        check();
      });
    },
  };
}
