// Shared by the tests that stop Postgres under running code: an embedded cluster of the test file's
// own (never the shared server), in a temporary folder removed after the file, that comes back on the
// port it first had, so that what was connected to it can find it again. The port lies below the
// kernel's ephemeral range (32768–60999 on Linux): a port in that range can be the local end of any
// client connection on the machine (the other test files' pools hold hundreds) at the moment of the
// restart. It is drawn at random from 24450–24499 (scripts/lib/database.test.mjs probes from 24400,
// test servers from 26000): two test runs on one machine, or the two restart tests of one run, do
// not start on the same port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { startEmbeddedPostgres } from '../scripts/lib/database.mjs';
import { createMigratedDatabase } from '../scripts/lib/test-database.mjs';

type EmbeddedServer = Awaited<ReturnType<typeof startEmbeddedPostgres>>;

export function useRestartablePostgres(name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `switchboard-${name}-`));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const options = { dataDir, logFile: join(dataDir, 'postgres.log'), preferredPort: 24450 + Math.floor(Math.random() * 50) };
  let server: EmbeddedServer | null = null;
  let firstPort: number | null = null;
  return {
    /** Starts the cluster and creates a migrated database on it (its name begins with `prefix`). */
    async startWithDatabase(prefix: string) {
      server = await startEmbeddedPostgres(options);
      firstPort ??= server.port;
      return createMigratedDatabase(server.url, prefix);
    },
    /** The port the cluster first listened on. */
    port(): number {
      if (firstPort === null) throw new Error('the cluster has not started');
      return firstPort;
    },
    /** Shuts the cluster down, as a crash or a maintenance would. */
    async stop(): Promise<void> {
      await server?.stop();
    },
    /** Starts it again, on its first port if free (then, the port it listens on). */
    async restart(): Promise<number> {
      server = await startEmbeddedPostgres({ ...options, preferredPort: firstPort ?? options.preferredPort });
      return server.port;
    },
  };
}
