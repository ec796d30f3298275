// The database the CLIs open: DATABASE_URL, a running console's embedded Postgres, or their own.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openCliDatabase, runningEmbeddedServerUrl } from './cli-database.mjs';

const roots = [];
function fakeRoot() {
  const root = mkdtempSync(join(tmpdir(), 'switchboard-cli-db-'));
  // As root, the embedded Postgres runs as the `postgres` user, which must enter the folder.
  chmodSync(root, 0o755);
  roots.push(root);
  return root;
}
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function writePostmaster(dataDir, pid, port) {
  mkdirSync(join(dataDir, 'cluster'), { recursive: true });
  writeFileSync(join(dataDir, 'cluster/postmaster.pid'), `${pid}\n${dataDir}/cluster\n1700000000\n${port}\n\n127.0.0.1\n`);
  writeFileSync(join(dataDir, 'credentials.json'), JSON.stringify({ user: 'postgres', password: 'p@ss word' }));
}

describe('openCliDatabase', () => {
  it('uses DATABASE_URL when set, and never migrates it for migrate: "embedded"', async () => {
    const lines = [];
    const database = await openCliDatabase({
      env: { DATABASE_URL: 'postgresql://someone:secret@db.example:6543/app' },
      migrate: 'embedded',
      log: (line) => lines.push(line),
      root: fakeRoot(),
    });
    expect(database.kind).toBe('external');
    expect(database.url).toBe('postgresql://someone:secret@db.example:6543/app');
    expect(lines).toEqual(['Database: DATABASE_URL (db.example:6543/app)']);
    await database.close();
  });

  it('joins the Postgres a running console serves from .data/postgres (postmaster.pid + credentials.json)', async () => {
    const root = fakeRoot();
    writePostmaster(join(root, '.data/postgres'), process.pid, 54399);
    const database = await openCliDatabase({ env: {}, root });
    expect(database.kind).toBe('console');
    expect(database.url).toBe('postgresql://postgres:p%40ss%20word@127.0.0.1:54399/switchboard');
  });

  it('ignores a postmaster.pid whose process is gone', () => {
    const root = fakeRoot();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writePostmaster(join(root, '.data/postgres'), gone, 54399);
    expect(runningEmbeddedServerUrl(join(root, '.data/postgres'))).toBeNull();
    expect(runningEmbeddedServerUrl(join(root, 'nowhere'))).toBeNull();
  });

  it('otherwise starts the embedded Postgres, migrates it (migrate: "embedded") and stops it on close', async () => {
    const root = fakeRoot();
    mkdirSync(join(root, 'prisma'), { recursive: true });
    // The checkout's migrations, applied to this fresh cluster.
    cpSync(join(process.cwd(), 'prisma/migrations'), join(root, 'prisma/migrations'), { recursive: true });
    const lines = [];
    const database = await openCliDatabase({ env: {}, root, migrate: 'embedded', log: (line) => lines.push(line) });
    try {
      expect(database.kind).toBe('embedded');
      expect(lines[0]).toBe('Starting the embedded Postgres (.data/postgres) …');
      expect(lines.some((line) => /^Applied \d+ migration\(s\)$/.test(line))).toBe(true);
      expect(database.url).not.toContain('secret');
      expect(runningEmbeddedServerUrl(join(root, '.data/postgres'))).not.toBeNull();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Run"`);
      await client.end();
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await database.close();
    }
    expect(existsSync(join(root, '.data/postgres/cluster/postmaster.pid'))).toBe(false);
  }, 120_000);
});
