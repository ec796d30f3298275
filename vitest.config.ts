import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // `server-only` throws outside React Server Components; tests run server code directly.
      { find: /^server-only$/, replacement: `${root}/test/server-only-stub.ts` },
    ],
  },
  test: {
    include: ['lib/**/*.test.{ts,tsx}', 'app/**/*.test.{ts,tsx}', 'scripts/**/*.test.mjs', 'bench/**/*.test.ts'],
    exclude: ['node_modules', '.next', '.data', 'e2e'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // pg-boss completes a job after its handler without catching a lost connection; the Postgres
    // restart test provokes exactly that. Workers log and survive it (lib/worker/worker.ts); any
    // other unhandled error still fails the run.
    onUnhandledError(error) {
      const text = `${error.message ?? ''} ${error.stack ?? ''}`;
      if (
        /the database system is (shutting down|starting up)|terminating connection due to administrator command|ECONNREFUSED/.test(text) &&
        /pg-boss/.test(text)
      )
        return false;
    },
    hookTimeout: 60_000,
  },
});
