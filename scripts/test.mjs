#!/usr/bin/env node
// `npm test`: unit + integration tests (Vitest, real Postgres) and the e2e suite (Playwright in
// Debian's Chromium), on a fresh database, ending with one summary line.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, baseEnv, ensureBuild, ensureDependencies, ensurePrismaClient, run } from './lib/bootstrap.mjs';
import { describeFailure } from './lib/expected-failure.mjs';
import { formatMs, step, timed } from './lib/log.mjs';
import { playwrightCounts, vitestCounts } from './lib/test-report.mjs';

const resultsDir = join(ROOT, '.data/test-results');
const started = Date.now();

async function phase(name, action) {
  try {
    await action();
    return true;
  } catch (error) {
    step(`${name}: ${error.message}`);
    return false;
  }
}

/** Each check is one result in the summary: it passes or it fails, with its own output above. */
async function staticChecks() {
  const checks = [
    ['Format check (prettier --check .)', [join(ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.', '--log-level', 'warn']],
    ['Type check (tsc --noEmit)', [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit']],
  ];
  const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const [name, args] of checks) {
    if (await timed(name, () => phase(name, () => run(process.execPath, args)))) counts.passed += 1;
    else {
      counts.failed += 1;
      counts.failures.push({ test: name, why: [] });
    }
  }
  return counts;
}

async function main() {
  await ensureDependencies();
  await ensurePrismaClient();
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const staticOutcome = ['static checks (format, types)', await staticChecks()];

  const { createMigratedDatabase, startTestServer } = await import('./lib/test-database.mjs');
  const { describeUrl, findFreePort } = await import('./lib/database.mjs');
  const server = await timed('Starting the test database server', startTestServer);
  // Each suite gets a database of its own: what the Vitest files leave behind (runs dated 2030, say) is not the e2e's world.
  const databases = [];
  const freshDatabase = async (prefix) => {
    const database = await timed('Creating a fresh, migrated test database', () => createMigratedDatabase(server.url, prefix));
    databases.push(database);
    return database;
  };
  const dropDatabases = () =>
    Promise.all(databases.map((database) => database.drop().catch((error) => step(`Could not drop ${database.name}: ${error.message}`))));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, async () => {
      step(
        `Interrupted (${signal}): dropping ${databases.map((database) => database.name).join(', ')} and stopping the test database server …`,
      );
      await dropDatabases();
      await server.stop();
      process.exit(130);
    });
  }
  const database = await freshDatabase('switchboard_test');
  step(`Test database: ${describeUrl(database.url)} (${server.kind})`);

  const env = baseEnv({
    SWITCHBOARD_TEST_DATABASE_URL: database.url,
    SWITCHBOARD_TEST_SERVER_URL: server.url,
  });
  const outcomes = [staticOutcome];
  try {
    const vitestFile = join(resultsDir, 'vitest.json');
    await phase('Unit and integration tests', () =>
      run(
        process.execPath,
        [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestFile}`],
        { env },
      ),
    );
    outcomes.push(['unit + integration (Vitest)', vitestCounts(vitestFile, ROOT)]);

    if (process.env.SWITCHBOARD_FAULT_TESTS === '1') {
      // The long hardening tests (`npm run test:faults`), counted in the same summary.
      const faultsFile = join(resultsDir, 'faults.json');
      await phase('Fault tests', () =>
        run(
          process.execPath,
          [
            join(ROOT, 'node_modules/vitest/vitest.mjs'),
            'run',
            'lib/providers/wire-fuzz.test.ts',
            '--reporter=default',
            '--reporter=json',
            `--outputFile.json=${faultsFile}`,
          ],
          {
            env: { ...env, SWITCHBOARD_FUZZ_ITERATIONS: '50000' },
          },
        ),
      );
      outcomes.push(['fault tests (50,000 fuzzed streams per format)', vitestCounts(faultsFile, ROOT)]);
    }

    const built = await phase('Build', ensureBuild);
    const playwrightFile = join(resultsDir, 'playwright.json');
    if (built) {
      const e2eDatabase = await freshDatabase('switchboard_e2e');
      step(`End-to-end database: ${describeUrl(e2eDatabase.url)}`);
      const port = await findFreePort(3100);
      await phase('End-to-end tests', () =>
        run(process.execPath, [join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test'], {
          env: {
            ...env,
            DATABASE_URL: e2eDatabase.url,
            E2E_PORT: String(port),
            E2E_EXPECT_DATABASE: describeUrl(e2eDatabase.url),
            PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightFile,
          },
        }),
      );
    }
    outcomes.push(['e2e (Playwright, Chromium)', built ? playwrightCounts(playwrightFile) : null]);
  } finally {
    await dropDatabases();
    await server.stop();
  }

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  process.stdout.write('\nTest summary\n');
  for (const [name, counts] of outcomes) {
    if (!counts) {
      failed += 1;
      process.stdout.write(`  ${name}: did not run to completion\n`);
      continue;
    }
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
    process.stdout.write(
      `  ${name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}\n`,
    );
    for (const { test, why } of counts.failures) {
      process.stdout.write(`    ✗ ${test}\n`);
      for (const line of why) process.stdout.write(`        ${line}\n`);
    }
  }
  const verdict = failed === 0 && passed > 0 ? 'PASS' : 'FAIL';
  process.stdout.write(
    `  time: ${formatMs(Date.now() - started)}\n\n${verdict}\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
  );
  process.exit(verdict === 'PASS' ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(`\n[switchboard] ${describeFailure(error)}\n`);
  process.exit(1);
});
