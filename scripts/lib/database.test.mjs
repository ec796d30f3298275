// Integration: the embedded Postgres that `npm start` uses when DATABASE_URL is unset.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './database.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

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
    const options = { dataDir, logFile: join(dataDir, 'postgres.log'), preferredPort: 55400 };
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
    const options = { dataDir, logFile: join(dataDir, 'postgres.log'), preferredPort: 55400 };
    const orphan = await startEmbeddedPostgres(options);
    const orphanPid = postmasterPid();
    // Simulate `kill -9` of the owning process: the postmaster keeps running, holding the data dir.
    const next = await startEmbeddedPostgres(options);
    expect(alive(orphanPid)).toBe(false);
    expect(await query(await next.database('switchboard'), 'SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 1 }]);
    await next.stop();
    await orphan.stop();
  });
});
