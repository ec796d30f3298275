// A fresh, migrated database per test run, on DATABASE_URL's server or an embedded test cluster.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './bootstrap.mjs';
import { startEmbeddedPostgres, withDatabase } from './database.mjs';
import { applyMigrations } from './migrations.mjs';

/**
 * The server that test databases are created on: DATABASE_URL's, or an embedded cluster of this
 * test run alone (a temporary folder, removed when it stops), so parallel test runs never share one.
 * `maxConnections`: the embedded cluster's `max_connections` (Postgres' default, 100, when unset);
 * DATABASE_URL's server is taken as it is.
 * @param {{ maxConnections?: number }} [options]
 */
export async function startTestServer({ maxConnections } = {}) {
  if (process.env.DATABASE_URL) return { kind: 'external', url: process.env.DATABASE_URL, stop: async () => {} };
  // Parallel test runs race for free ports between the port probe and Postgres' bind: start at a
  // random port, and try again (new folder, new port) when the port was taken meanwhile. Below the
  // kernel's ephemeral range (from 32768), where client connections do not take ports, and apart
  // from the restart tests' fixed ports (24400–24499).
  let server;
  let dataDir;
  for (let attempt = 1; ; attempt++) {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-test-pg-'));
    try {
      server = await startEmbeddedPostgres({
        dataDir,
        logFile: join(dataDir, 'postgres.log'),
        preferredPort: 26000 + Math.floor(Math.random() * 4000),
        maxConnections,
      });
      break;
    } catch (error) {
      const portTaken = /Address already in use|could not create any TCP\/IP sockets/.test(String(error?.message));
      rmSync(dataDir, { recursive: true, force: true });
      if (!portTaken || attempt >= 3) throw error;
    }
  }
  return {
    ...server,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withAdminClient(serverUrl, action) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

export function freshDatabaseName(prefix = 'switchboard_test') {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function createDatabase(serverUrl, name) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl, name) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Creates and migrates a new database; returns its URL and a `drop()`. */
export async function createMigratedDatabase(serverUrl, prefix) {
  const name = freshDatabaseName(prefix);
  const url = await createDatabase(serverUrl, name);
  await applyMigrations(url, join(ROOT, 'prisma/migrations'));
  return { name, url, drop: () => dropDatabase(serverUrl, name) };
}
