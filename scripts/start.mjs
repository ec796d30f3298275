#!/usr/bin/env node
// `npm start`: install → generate → (database → migrate, beside the build) → serve → the provider
// simulator → workers, each step only when needed. Stopping (Ctrl-C, SIGTERM) stops the console
// first, then the workers, then the simulator, and the database last. Plain Node: nothing here may need an installed dependency before
// ensureDependencies() ran.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { LOGS_DIR, ROOT, baseEnv, ensureBuild, ensureDependencies, ensurePrismaClient } from './lib/bootstrap.mjs';
import { ExpectedFailure, describeFailure } from './lib/expected-failure.mjs';
import { formatMs, sinceStart, step, timed } from './lib/log.mjs';
import { createShutdown } from './lib/shutdown.mjs';

// Next's own banner: `npm start` prints the address itself.
const NEXT_BANNER =
  /Next\.js \d|- Local:|- Network:|Starting\.\.\.|Ready in|Running next\.config|^\s*- Experiments|turbopackFileSystemCache/;

const shutdown = createShutdown();

function describeDataFolder(embedded) {
  if (!embedded.external) return '.data/postgres';
  return `${dirname(embedded.clusterDir)} (the postgres user cannot enter ${embedded.external.closedFolder ?? 'the checkout'})`;
}

async function startDatabase({ maxConnections }) {
  const { describeUrl, startEmbeddedPostgres } = await import('./lib/database.mjs');
  if (process.env.DATABASE_URL) {
    step(`Database: external (${describeUrl(process.env.DATABASE_URL)})`);
    return { kind: 'external', url: process.env.DATABASE_URL };
  }
  const embedded = await timed('Starting the embedded Postgres', () =>
    startEmbeddedPostgres({
      dataDir: join(ROOT, '.data/postgres'),
      logFile: join(LOGS_DIR, 'postgres.log'),
      ownProcessGroup: true,
      maxConnections,
    }),
  );
  step(
    `Database: embedded Postgres on 127.0.0.1:${embedded.port}, data in ${describeDataFolder(embedded)}` +
      (embedded.timings.initialiseMs !== undefined ? ` (initialised in ${formatMs(embedded.timings.initialiseMs)})` : ''),
  );
  return {
    kind: 'embedded',
    url: await embedded.database('switchboard'),
    stop: () => embedded.stop(),
    folder: describeDataFolder(embedded),
  };
}

async function migrate(database) {
  const { applyMigrations } = await import('./lib/migrations.mjs');
  const applied = await timed('Applying migrations', () => applyMigrations(database.url, join(ROOT, 'prisma/migrations')));
  step(applied.length ? `Applied ${applied.length} migration(s)` : 'Migrations: up to date');
}

/** Both, side by side; the first failure is thrown once both have settled (a started database is then stopped by shutdown). */
async function databaseAndBuild(options) {
  const databaseStarting = startDatabase(options);
  shutdown.setDatabase(databaseStarting);
  const [database, build] = await Promise.allSettled([
    databaseStarting.then(async (database) => (await migrate(database), database)),
    ensureBuild(),
  ]);
  if (database.status === 'rejected') throw database.reason;
  if (build.status === 'rejected') throw build.reason;
  return database.value;
}

function waitUntilServing(url, child) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return reject(
          new ExpectedFailure(
            `The console (next start) exited with ${child.signalCode ?? child.exitCode}; its log: ${relative(ROOT, LOGS_DIR)}/`,
          ),
        );
      }
      try {
        const response = await fetch(url, { redirect: 'manual' });
        if (response.status < 500) return resolve();
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) return reject(new ExpectedFailure(`${url} did not answer within 60 s`));
      setTimeout(poll, 50);
    };
    poll();
  });
}

/** The log of the console and the workers (console-log.mjs), and what the terminal shows of it. */
async function openLogs() {
  const { LEVELS, createConsoleLog, terminalLevel } = await import('./lib/console-log.mjs');
  const level = terminalLevel(process.env.SWITCHBOARD_TERMINAL_LOG_LEVEL);
  const logs = createConsoleLog({ dir: LOGS_DIR, terminal: process.stdout, level });
  const shown = level === LEVELS.warn ? 'warnings and errors' : `${Object.keys(LEVELS).find((name) => LEVELS[name] === level)} and above`;
  return {
    write: logs.write,
    file: () => relative(ROOT, logs.fileFor(new Date())),
    describe: () => `${relative(ROOT, logs.fileFor(new Date()))} (JSON lines, a file a day; this terminal shows ${shown})`,
  };
}

async function serve({ database, port, host, logs }) {
  const { onLines } = await import('./lib/console-log.mjs');
  const server = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '--port', String(port), '--hostname', host],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: baseEnv({
        DATABASE_URL: database.url,
        SWITCHBOARD_DATABASE_KIND: database.kind,
        NODE_ENV: 'production',
        PORT: String(port),
        HOSTNAME: host,
      }),
    },
  );
  onLines(server.stdout, (line) => logs.write(line, 'stdout', { terminal: !NEXT_BANNER.test(line) }));
  onLines(server.stderr, (line) => logs.write(line, 'stderr'));
  shutdown.setConsole(server);
  const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  await timed('Starting the console (next start)', () => waitUntilServing(`http://${probeHost}:${port}/api/health`, server));
}

/** SWITCHBOARD_WORKERS, one per core by default; 0: none (a console that only queues runs). */
async function workerSetting() {
  const { parseWorkerCount } = await import('./lib/worker-count.mjs');
  return parseWorkerCount(process.env.SWITCHBOARD_WORKERS, availableParallelism());
}

/** Waits this long for the workers' first start; one that is not ready by then is reported, not waited for. */
const WORKERS_READY_WAIT_MS = 60_000;

function recordTo(logs) {
  return (source, level, msg, fields) =>
    logs.write(JSON.stringify({ level, time: Date.now(), app: 'switchboard', source, msg, ...fields }), 'stdout', { terminal: false });
}

/**
 * The simulator the workers share (simulator-process.mjs): its address, or SWITCHBOARD_SIMULATOR_URL
 * when that names one already running.
 */
async function startSimulator({ logs }) {
  if (process.env.SWITCHBOARD_SIMULATOR_URL) return process.env.SWITCHBOARD_SIMULATOR_URL;
  const { describeSimulatorEnd, spawnSimulatorProcess, superviseSimulator } = await import('./lib/simulator-process.mjs');
  if (shutdown.stopping) return null;
  const record = recordTo(logs);
  const simulator = superviseSimulator({
    spawnSimulator: (port) =>
      spawnSimulatorProcess({
        env: baseEnv(),
        port,
        // Its request lines go to the file; its own failures (answered 500) show on the terminal too.
        onLine: (line, stream) => logs.write(line, stream, { source: 'simulator', terminal: /simulator error/.test(line) }),
      }),
    report: (event) => {
      record('simulator', 50, 'simulator process ended unexpectedly', { ...event, error: event.error?.message });
      step(`${describeSimulatorEnd(event)} Details: ${logs.file()}`);
    },
  });
  shutdown.setSimulator(simulator);
  try {
    return await timed('Starting the provider simulator', () => simulator.ready());
  } catch (error) {
    throw new ExpectedFailure(`${error.message}; its log: ${logs.file()}`);
  }
}

async function startWorkers({ database, count, logs, simulatorUrl }) {
  const { describeUnexpectedEnd, superviseWorkers } = await import('./lib/worker-supervisor.mjs');
  const { spawnWorkerProcess } = await import('./lib/worker-process.mjs');
  const { parseRecord } = await import('./lib/console-log.mjs');
  // A Ctrl-C during the imports: the shutdown has passed the workers' turn already.
  if (shutdown.stopping) return;
  const record = recordTo(logs);
  const supervisor = superviseWorkers({
    count,
    spawnWorker: (worker) =>
      spawnWorkerProcess({
        env: baseEnv({ DATABASE_URL: database.url, SWITCHBOARD_SIMULATOR_URL: simulatorUrl }),
        // Its JSON log records show on the terminal as the console's do; its other lines go to the file.
        onLine: (line, stream) => logs.write(line, stream, { source: `worker ${worker}`, terminal: parseRecord(line) !== null }),
      }),
    report: (event) => {
      const source = `worker ${event.worker}`;
      if (event.type === 'ready') return record(source, 30, 'worker process ready', { pid: event.pid, workerId: event.workerId });
      record(source, 50, 'worker process ended unexpectedly', { ...event, error: event.error?.message });
      step(`${describeUnexpectedEnd(event)} Details: ${logs.file()}`);
    },
  });
  shutdown.setWorkers(supervisor);
  const plural = count === 1 ? 'worker process' : `${count} worker processes`;
  const ready = await timed(`Starting ${plural}`, () =>
    Promise.race([
      supervisor.ready().then(() => true),
      new Promise((resolve) => setTimeout(resolve, WORKERS_READY_WAIT_MS, false).unref()),
    ]),
  );
  if (!ready) {
    const up = supervisor.list().filter((worker) => worker.workerId).length;
    step(
      `Only ${up} of ${count} workers are ready after ${formatMs(WORKERS_READY_WAIT_MS, 0)}; the others are still starting or being restarted. Details: ${logs.file()}`,
    );
  }
}

function describeWorkers({ count, source }) {
  if (count === 0) return 'none in this process (SWITCHBOARD_WORKERS=0); runs wait for an `npm run worker`';
  const plural = count === 1 ? '1 process' : `${count} processes`;
  return source === 'cores' ? `${plural} (one per core; SWITCHBOARD_WORKERS sets the number)` : `${plural} (SWITCHBOARD_WORKERS)`;
}

/** .data/runtime.json (git-ignored, mode 600): read by scripts/lib/console-database-url.mjs. */
function writeRuntimeFile(runtime) {
  writeFileSync(join(ROOT, '.data/runtime.json'), JSON.stringify(runtime), { mode: 0o600 });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

async function main() {
  await ensureDependencies();
  const { describeEnvFiles, loadEnvFiles } = await import('./lib/env-files.mjs');
  const envFiles = describeEnvFiles(loadEnvFiles());
  if (envFiles) step(envFiles);
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  // The server refuses other machines without a password anyway (lib/auth/gate.ts); this says so before starting.
  if (!LOOPBACK.has(host) && !process.env.SWITCHBOARD_PASSWORD) {
    throw new ExpectedFailure(
      `HOST=${host} makes the console reachable from other machines, and starting runs spends money: set SWITCHBOARD_PASSWORD too.`,
    );
  }
  const workers = await workerSetting();
  // The embedded database lives in this checkout: one `npm start` may serve it (consoles on DATABASE_URL may be several).
  if (!process.env.DATABASE_URL) {
    const { claimCheckout } = await import('./lib/running-console.mjs');
    claimCheckout(ROOT, { port });
  }
  await ensurePrismaClient();
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  const { connectionsNeeded } = await import('./lib/worker-count.mjs');
  const database = await databaseAndBuild({ maxConnections: connectionsNeeded(workers.count) });
  if (shutdown.stopping) return;
  // `npm run worker` and the other scripts in this checkout find the database (and the simulator) here.
  writeRuntimeFile({ databaseUrl: database.url, kind: database.kind, simulatorUrl: null });
  const logs = await openLogs();
  await serve({ database, port, host, logs });
  // The console first: it is what a person waits for; runs started meanwhile wait in the queue.
  if (shutdown.stopping) return;
  const simulatorUrl = workers.count > 0 ? await startSimulator({ logs }) : null;
  if (shutdown.stopping) return;
  if (simulatorUrl) writeRuntimeFile({ databaseUrl: database.url, kind: database.kind, simulatorUrl });
  if (workers.count > 0) await startWorkers({ database, count: workers.count, logs, simulatorUrl });
  if (shutdown.stopping) return;
  step(`Ready in ${sinceStart()}`);
  const displayHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  process.stdout.write(
    `\n  Switchboard is running at http://${displayHost}:${port}\n` +
      `  Workers: ${describeWorkers(workers)}\n` +
      (simulatorUrl ? `  Provider simulator: ${simulatorUrl} (the Simulator profiles' provider, shared by the workers)\n` : '') +
      `  Logs: ${logs.describe()}\n` +
      (database.kind === 'embedded' ? `  Data: ${database.folder}\n` : '') +
      '  Press Ctrl-C to stop.\n\n',
  );
}

main().catch(async (error) => {
  // A step interrupted by Ctrl-C fails too: the stop is already under way.
  if (shutdown.stopping) return;
  process.stderr.write(`\n[switchboard] ${describeFailure(error)}\n`);
  await shutdown.stop(1);
});
