// The database a command-line tool (`npm run smoke`, `npm run runs`, `npm run import`, …) works on:
// DATABASE_URL when set; otherwise this checkout's embedded Postgres (.data/postgres) — the one a
// running console (`npm start`) serves, or, when nothing serves it, started here the way
// scripts/start.mjs starts it and stopped again by `close()`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './bootstrap.mjs';
import { clusterDirCandidates } from './cluster-location.mjs';
import { describeUrl, processAlive, startEmbeddedPostgres, withDatabase } from './database.mjs';

const DATABASE_NAME = 'switchboard';

/**
 * The embedded cluster's server URL when a Postgres already runs on it (the console's, or a
 * worker's): postmaster.pid names its pid and port, credentials.json its password. The cluster is
 * in the checkout or, for a checkout the `postgres` user cannot enter, outside it (cluster-location.mjs).
 */
export function runningEmbeddedServerUrl(dataDir) {
  const credentialsFile = join(dataDir, 'credentials.json');
  if (!existsSync(credentialsFile)) return null;
  for (const clusterDir of clusterDirCandidates(dataDir)) {
    const pidFile = join(clusterDir, 'postmaster.pid');
    if (!existsSync(pidFile)) continue;
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!pid || !port || !processAlive(pid)) continue;
    const { user, password } = JSON.parse(readFileSync(credentialsFile, 'utf8'));
    return `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  }
  return null;
}

/**
 * Opens the database for a CLI. `log` receives progress lines (never a password).
 * With `migrate: true`, pending migrations of prisma/migrations are applied first; with
 * `migrate: 'embedded'`, only to an embedded Postgres this call started (this checkout's own
 * database, as `npm start` would), never to DATABASE_URL's or a running console's.
 * Returns `{ url, kind: 'external' | 'console' | 'embedded', close() }`; `close()` stops an
 * embedded Postgres this call started (and nothing else). Call it on every exit path.
 * @param {{ log?: (line: string) => void, migrate?: boolean | 'embedded', env?: Record<string, string | undefined>, root?: string }} [options]
 * @returns {Promise<{ url: string, kind: 'external' | 'console' | 'embedded', close: () => Promise<void> }>}
 */
export async function openCliDatabase({ log = () => {}, migrate = false, env = process.env, root = ROOT } = {}) {
  let database;
  if (env.DATABASE_URL) {
    database = { url: env.DATABASE_URL, kind: 'external', close: async () => {} };
  } else {
    const dataDir = join(root, '.data/postgres');
    const running = runningEmbeddedServerUrl(dataDir);
    if (running) {
      database = { url: withDatabase(running, DATABASE_NAME), kind: 'console', close: async () => {} };
    } else {
      log('Starting the embedded Postgres (.data/postgres) …');
      const embedded = await startEmbeddedPostgres({ dataDir, logFile: join(root, '.data/logs/postgres.log'), ownProcessGroup: true });
      database = { url: await embedded.database(DATABASE_NAME), kind: 'embedded', close: () => embedded.stop() };
    }
  }
  log(
    `Database: ${database.kind === 'external' ? 'DATABASE_URL' : database.kind === 'console' ? 'the running console’s' : 'embedded'} (${describeUrl(database.url)})`,
  );
  if (migrate === true || (migrate === 'embedded' && database.kind === 'embedded')) {
    try {
      const { applyMigrations } = await import('./migrations.mjs');
      const applied = await applyMigrations(database.url, join(root, 'prisma/migrations'));
      if (applied.length) log(`Applied ${applied.length} migration(s)`);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}
