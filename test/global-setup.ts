// Vitest global setup. `npm test` (scripts/test.mjs) prepares the database and passes it in
// SWITCHBOARD_TEST_DATABASE_URL; a direct `npx vitest` gets its own fresh one here.
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseServerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.SWITCHBOARD_TEST_DATABASE_URL && process.env.SWITCHBOARD_TEST_SERVER_URL) {
    project.provide('databaseUrl', process.env.SWITCHBOARD_TEST_DATABASE_URL);
    project.provide('databaseServerUrl', process.env.SWITCHBOARD_TEST_SERVER_URL);
    return;
  }
  const { startTestServer, createMigratedDatabase } = await import('../scripts/lib/test-database.mjs');
  const server = await startTestServer();
  const database = await createMigratedDatabase(server.url);
  project.provide('databaseUrl', database.url);
  project.provide('databaseServerUrl', server.url);
  return async () => {
    await database.drop();
    await server.stop();
  };
}
