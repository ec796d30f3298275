import { createServer, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RUN_EVENTS_CHANNEL } from '@/lib/store/run-event-writer';
import { waitUntil } from '@/test/wait-until';
import { createMigratedDatabase } from '../../scripts/lib/test-database.mjs';
import { RunEventHub } from './run-event-hub';

// A database of this file's own: the test ends the hub's connection by database name.
let database: { url: string; drop: () => Promise<void> };
beforeAll(async () => {
  database = await createMigratedDatabase(inject('databaseServerUrl'), 'switchboard_hub');
});
afterAll(() => database.drop());

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe('RunEventHub', () => {
  it('wakes every stream once LISTEN is back, however it came back (a NOTIFY sent while it was down went nowhere)', async () => {
    const hub = new RunEventHub(database.url, { idleCloseMs: 50, onError: () => undefined });
    let wakes = 0;
    const release = await hub.subscribe('run-a', () => wakes++);
    try {
      await sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'switchboard-live-runs'`,
      );
      await waitUntil('the hub to see its connection dropped', () => !hub.connected, 15_000, 20);
      await sql('SELECT pg_notify($1, $2)', [RUN_EVENTS_CHANNEL, JSON.stringify({ runId: 'run-a' })]);
      const before = wakes;
      // Another stream subscribes before the hub's own reconnect timer: its subscribe re-LISTENs.
      const other = await hub.subscribe('run-b', () => undefined);
      expect(hub.connected).toBe(true);
      await waitUntil('the first stream woken', () => wakes > before, 15_000);
      other();
    } finally {
      release();
      await hub.close();
    }
  });

  it('a server that accepts and never answers does not hold subscribe: it resolves, and polling carries on', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const errors: Error[] = [];
    const hub = new RunEventHub(`postgresql://switchboard@127.0.0.1:${port}/switchboard`, {
      connectTimeoutMs: 300,
      onError: (error) => errors.push(error),
    });
    try {
      // The 300 ms connect timeout lets it go; without one it would wait on the silent server for good.
      const release = await Promise.race([
        hub.subscribe('run-a', () => undefined),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000)),
      ]);
      expect(release, 'subscribe resolved').not.toBeNull();
      expect(hub.connected).toBe(false);
      expect(errors.length).toBeGreaterThan(0);
      release!();
    } finally {
      await hub.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
