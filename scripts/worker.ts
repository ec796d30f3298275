// `npm run worker`: an extra queue worker process. It uses DATABASE_URL, or the embedded
// database of a running `npm start` in this checkout (.data/runtime.json). `npm start` runs its
// workers with this same entry (scripts/lib/worker-process.mjs).
import './lib/load-env-files.mjs';
import { redactConsole } from '../lib/redaction/redacted-console';
import { startWorker } from '../lib/worker/worker';
import { consoleDatabaseUrl, consoleSimulatorUrl } from './lib/console-database-url.mjs';

async function main() {
  // Its console prints through the redaction module, as the console process's does (its JSON logs
  // already do): `npm start` keeps this output in its log file.
  redactConsole();
  const concurrency = Number(process.env.SWITCHBOARD_WORKER_CONCURRENCY ?? 4);
  // The Simulator profiles talk to SWITCHBOARD_SIMULATOR_URL (`npm start` sets it for its workers; or a
  // shared `npm run simulator`), else to the one of the `npm start` this worker joins, else to a
  // simulator this worker starts in-process.
  const worker = await startWorker({
    databaseUrl: consoleDatabaseUrl(),
    concurrency,
    simulatorUrl: consoleSimulatorUrl(),
  });
  console.log(`[switchboard] worker ${worker.workerId} running ${concurrency} run(s) at a time; Ctrl-C stops it.`);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      console.log('[switchboard] stopping the worker (running runs finish their current step) …');
      await worker.stop();
      process.exit(0);
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Started by `npm start` (an IPC channel to it): it is told when this worker is ready, and the
  // worker stops when `npm start` is gone (killed without its shutdown).
  if (process.send) {
    process.once('disconnect', stop);
    process.send({ type: 'ready', workerId: worker.workerId });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
