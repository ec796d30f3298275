// Shared by the tests that stop Postgres under running code: an embedded cluster of the test file's
// own (never the shared server), in a temporary folder removed after the file, on a fixed port so
// that what was connected to it can find it again once it is back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { startEmbeddedPostgres } from '../scripts/lib/database.mjs';
import { createMigratedDatabase } from '../scripts/lib/test-database.mjs';

type EmbeddedServer = Awaited<ReturnType<typeof startEmbeddedPostgres>>;

export function useRestartablePostgres(name: string, port: number) {
  const dataDir = mkdtempSync(join(tmpdir(), `switchboard-${name}-`));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const options = { dataDir, logFile: join(dataDir, 'postgres.log'), preferredPort: port };
  let server: EmbeddedServer | null = null;
  return {
    /** Starts the cluster and creates a migrated database on it (its name begins with `prefix`). */
    async startWithDatabase(prefix: string) {
      server = await startEmbeddedPostgres(options);
      return createMigratedDatabase(server.url, prefix);
    },
    /** Shuts the cluster down, as a crash or a maintenance would. */
    async stop(): Promise<void> {
      await server?.stop();
    },
    /** Starts it again; gives the port it listens on. */
    async restart(): Promise<number> {
      server = await startEmbeddedPostgres(options);
      return server.port;
    },
  };
}
