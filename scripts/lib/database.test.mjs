// Integration: the embedded Postgres that `npm start` uses when DATABASE_URL is unset.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './database.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-embedded-'));
const privateParent = mkdtempSync(join(tmpdir(), 'switchboard-private-'));
const sharedClustersDir = mkdtempSync(join(tmpdir(), 'switchboard-shared-clusters-'));
afterAll(() => [dataDir, privateParent, sharedClustersDir].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function query(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function postmasterPid() {
  return Number(readFileSync(join(dataDir, 'cluster/postmaster.pid'), 'utf8').split('\n')[0]);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded Postgres', () => {
  it('initialises once, keeps data across restarts and leaves no process after stop', async () => {
    const options = { dataDir, logFile: join(dataDir, 'postgres.log'), preferredPort: 24400 };
    const first = await startEmbeddedPostgres(options);
    expect(first.timings.initialiseMs).toBeGreaterThan(0);
    const url = await first.database('switchboard');
    await query(url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('survives a restart')");
    const pid = postmasterPid();
    expect(alive(pid)).toBe(true);
    await first.stop();
    expect(alive(pid)).toBe(false);
    await expect(query(url, 'SELECT 1')).rejects.toThrow();

    const second = await startEmbeddedPostgres(options);
    expect(second.timings.initialiseMs).toBeUndefined();
    expect(await query(await second.database('switchboard'), 'SELECT value FROM kept')).toEqual([{ value: 'survives a restart' }]);
    const [{ listen }] = await query(second.url, "SELECT current_setting('listen_addresses') AS listen");
    expect(listen).toBe('127.0.0.1');
    const secondPid = postmasterPid();
    await second.stop();
    expect(alive(secondPid)).toBe(false);
  });

  it('stops a Postgres orphaned by a killed process before starting again', async () => {
    const options = { dataDir, logFile: join(dataDir, 'postgres.log'), preferredPort: 24400 };
    const orphan = await startEmbeddedPostgres(options);
    const orphanPid = postmasterPid();
    // Simulate `kill -9` of the owning process: the postmaster keeps running, holding the data dir.
    const next = await startEmbeddedPostgres(options);
    expect(alive(orphanPid)).toBe(false);
    expect(await query(await next.database('switchboard'), 'SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 1 }]);
    await next.stop();
    await orphan.stop();
  });

  it('in a process group of its own when asked (the terminal’s Ctrl-C does not reach it)', async () => {
    const options = { dataDir, logFile: join(dataDir, 'postgres.log'), preferredPort: 55400 };
    const group = (pid) => Number(spawnSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim());
    const own = await startEmbeddedPostgres({ ...options, ownProcessGroup: true });
    expect(group(own.pid)).toBe(own.pid);
    await own.stop();
    const shared = await startEmbeddedPostgres(options);
    expect(group(shared.pid)).toBe(group(process.pid));
    await shared.stop();
  });

  // As root, Postgres runs as the `postgres` user, which cannot enter a private folder (mktemp -d, /root).
  it.runIf(process.getuid?.() === 0)(
    'as root in a private folder: keeps the cluster outside the checkout, and finds it again',
    async () => {
      chmodSync(privateParent, 0o700);
      const privateData = join(privateParent, 'sb/.data/postgres');
      const options = { dataDir: privateData, logFile: join(privateData, '../logs/postgres.log'), preferredPort: 55400, sharedClustersDir };
      const first = await startEmbeddedPostgres(options);
      expect(first.clusterDir.startsWith(`${sharedClustersDir}/sb-`)).toBe(true);
      expect(first.external).toEqual({ closedFolder: privateParent });
      expect(existsSync(join(privateData, 'cluster'))).toBe(false);
      await query(await first.database('switchboard'), "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('outside')");
      await first.stop();
      const second = await startEmbeddedPostgres(options);
      expect(second.clusterDir).toBe(first.clusterDir);
      expect(await query(await second.database('switchboard'), 'SELECT value FROM kept')).toEqual([{ value: 'outside' }]);
      await second.stop();
    },
  );
});
