import { spawn } from 'node:child_process';
import { join } from 'node:path';

export type ConsoleHandle = { base: string; stop(): void };

/**
 * Starts the console as `npm start` does (scripts/start.mjs: builds when the sources changed) on
 * the given database, without its in-process worker, and waits until it answers.
 */
export async function startConsole(databaseUrl: string, port: number): Promise<ConsoleHandle> {
  const server = spawn(process.execPath, [join(process.cwd(), 'scripts/start.mjs')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), SWITCHBOARD_WORKERS: '0' },
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    const ok = await fetch(`${base}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return { base, stop };
    if (server.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error('the console did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
