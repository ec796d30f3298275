// `npm start` without install, build and Next (stop-order.test.mjs): the embedded Postgres in
// `argv[2]`, a console process (fake-console.mjs), the provider simulator (scripts/simulator.ts,
// as npm start runs it) and two worker processes (fake-worker.mjs, through npm start's supervisor)
// on it, and npm start's shutdown. Prints `ready <postmaster pid> <simulator pid> <worker pids>`
// once the console, the simulator and the workers are up.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../database.mjs';
import { onLines } from '../console-log.mjs';
import { createShutdown } from '../shutdown.mjs';
import { spawnSimulatorProcess, superviseSimulator } from '../simulator-process.mjs';
import { spawnWorkerProcess } from '../worker-process.mjs';
import { superviseWorkers } from '../worker-supervisor.mjs';

const dataDir = process.argv[2];
const shutdown = createShutdown();
const starting = startEmbeddedPostgres({ dataDir, logFile: join(dataDir, 'postgres.log'), ownProcessGroup: true, preferredPort: 55500 });
shutdown.setDatabase(starting);
const embedded = await starting;
const url = await embedded.database('switchboard');
const consoleProcess = spawn(process.execPath, [fileURLToPath(new URL('./fake-console.mjs', import.meta.url))], {
  env: { ...process.env, DATABASE_URL: url },
  stdio: ['ignore', 'pipe', 'pipe'],
});
shutdown.setConsole(consoleProcess);
onLines(consoleProcess.stderr, (line) => process.stdout.write(`${line}\n`));
await new Promise((resolve) =>
  onLines(consoleProcess.stdout, (line) => {
    process.stdout.write(`${line}\n`);
    if (line === 'console ready') resolve();
  }),
);

const simulator = superviseSimulator({
  spawnSimulator: (port) => spawnSimulatorProcess({ env: process.env, port, onLine: (line) => process.stdout.write(`${line}\n`) }),
  report: (event) => process.stdout.write(`the simulator ended unexpectedly: ${JSON.stringify(event)}\n`),
});
shutdown.setSimulator(simulator);
const simulatorUrl = await simulator.ready();

const workers = superviseWorkers({
  count: 2,
  spawnWorker: () =>
    spawnWorkerProcess({
      entry: [fileURLToPath(new URL('./fake-worker.mjs', import.meta.url))],
      env: { ...process.env, DATABASE_URL: url, SWITCHBOARD_SIMULATOR_URL: simulatorUrl },
      onLine: (line) => process.stdout.write(`${line}\n`),
    }),
  report: (event) => event.type === 'ended' && process.stdout.write(`a worker ended unexpectedly: ${JSON.stringify(event)}\n`),
});
shutdown.setWorkers(workers);
await workers.ready();
process.stdout.write(
  `ready ${embedded.pid} ${simulator.pid()} ${workers
    .list()
    .map((worker) => worker.pid)
    .join(' ')}\n`,
);
