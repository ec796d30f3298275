// `npm run worker`: an extra queue worker process. It uses DATABASE_URL, or the embedded
// database of a running `npm start` in this checkout (.data/runtime.json).
import { startWorker } from '../lib/worker/worker';
import { consoleDatabaseUrl } from './lib/console-database-url.mjs';

async function main() {
  const concurrency = Number(process.env.SWITCHBOARD_WORKER_CONCURRENCY ?? 4);
  // The Simulator profiles talk to SWITCHBOARD_SIMULATOR_URL (e.g. a shared `npm run simulator`), else to
  // a simulator this worker starts in-process.
  const worker = await startWorker({
    databaseUrl: consoleDatabaseUrl(),
    concurrency,
    simulatorUrl: process.env.SWITCHBOARD_SIMULATOR_URL || undefined,
  });
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
