// `npm run worker`: an extra queue worker process. It uses DATABASE_URL, or the embedded
// database of a running `npm start` in this checkout (.data/runtime.json).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWorker } from '../lib/worker/worker';

function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const runtimeFile = join(process.cwd(), '.data/runtime.json');
  if (existsSync(runtimeFile)) return JSON.parse(readFileSync(runtimeFile, 'utf8')).databaseUrl as string;
  console.error('Set DATABASE_URL, or start the console with `npm start` first (it runs the embedded database).');
  process.exit(2);
}

async function main() {
  const concurrency = Number(process.env.SWITCHBOARD_WORKER_CONCURRENCY ?? 4);
  // The Simulator profiles talk to SWITCHBOARD_SIMULATOR_URL (e.g. a shared `npm run simulator`), else to
  // a simulator this worker starts in-process.
  const worker = await startWorker({ databaseUrl: databaseUrl(), concurrency, simulatorUrl: process.env.SWITCHBOARD_SIMULATOR_URL || undefined });
  console.log(`[switchboard] worker ${worker.workerId} running ${concurrency} run(s) at a time; Ctrl-C stops it.`);
  const stop = () => {
    console.log('[switchboard] stopping the worker (running runs finish their current step) …');
    void worker.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
