// Shared by the test files that start a worker, a queue, a sweep or an alert evaluation: a database
// of the file's own on the test server. On the shared test database another file's worker takes
// this file's queued runs (and runs them with its own simulator, environment and OTLP endpoint, or
// stops mid-run with its file), another file's sweep marks this file's runs interrupted or queues
// them again, another file's evaluation fires and resolves this file's rules — and a count of a
// whole table sees every other file's rows.
import { afterAll, beforeAll, inject } from 'vitest';
import { createMigratedDatabase } from '../scripts/lib/test-database.mjs';

/**
 * Creates and migrates the database before the file's tests and drops it after them. Call it
 * before the hooks that use it: `afterAll` hooks run in reverse order, so theirs (stopping the
 * worker, closing clients) run before the drop. `url()` is the database's URL once created.
 */
export function useOwnDatabase(prefix: string): { url: () => string } {
  let database: { url: string; drop: () => Promise<void> } | null = null;
  beforeAll(async () => {
    database = await createMigratedDatabase(inject('databaseServerUrl'), prefix);
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
  });
  return {
    url: () => {
      if (!database) throw new Error('the database of the file is created in beforeAll');
      return database.url;
    },
  };
}
