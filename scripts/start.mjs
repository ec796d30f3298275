#!/usr/bin/env node
// `npm start`: install → generate → database → migrate → build → serve, each step only when needed.
// Plain Node: nothing here may need an installed dependency before ensureDependencies() ran.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, baseEnv, ensureBuild, ensureDependencies, ensurePrismaClient } from './lib/bootstrap.mjs';
import { sinceStart, step, timed } from './lib/log.mjs';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

let database = null;
let server = null;
let shuttingDown = false;

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (server && server.exitCode === null && server.signalCode === null) {
    step('Stopping the console …');
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (database?.kind === 'embedded') {
    step('Stopping the embedded Postgres …');
    await database.stop();
  }
  step('Stopped.');
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => void shutdown(0));
}

async function resolveDatabase() {
  const { describeUrl, startEmbeddedPostgres } = await import('./lib/database.mjs');
  if (process.env.DATABASE_URL) {
    step(`Database: external (${describeUrl(process.env.DATABASE_URL)})`);
    return { kind: 'external', url: process.env.DATABASE_URL };
  }
  const dataDir = join(ROOT, '.data/postgres');
  const embedded = await timed('Starting the embedded Postgres (.data/postgres)', () =>
    startEmbeddedPostgres({ dataDir, logFile: join(ROOT, '.data/postgres.log') }),
  );
  step(
    `Database: embedded on 127.0.0.1:${embedded.port}` +
      (embedded.timings.initialiseMs !== undefined ? ` (initialised in ${embedded.timings.initialiseMs} ms)` : ''),
  );
  return { kind: 'embedded', url: await embedded.database('switchboard'), stop: () => embedded.stop() };
}

function waitUntilServing(url, child) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`next start exited with ${child.exitCode}`));
      try {
        const response = await fetch(url, { redirect: 'manual' });
        if (response.status < 500) return resolve();
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) return reject(new Error(`${url} did not answer within 60 s`));
      setTimeout(poll, 100);
    };
    poll();
  });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

async function main() {
  // The server refuses other machines without a password anyway (lib/auth/gate.ts); this says so before starting.
  if (!LOOPBACK.has(host) && !process.env.SWITCHBOARD_PASSWORD) {
    throw new Error(
      `HOST=${host} makes the console reachable from other machines, and starting runs spends money: set SWITCHBOARD_PASSWORD too.`,
    );
  }
  await ensureDependencies();
  await ensurePrismaClient();
  database = await resolveDatabase();
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  const { applyMigrations } = await import('./lib/migrations.mjs');
  const applied = await timed('Applying migrations', () => applyMigrations(database.url, join(ROOT, 'prisma/migrations')));
  step(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Migrations: up to date');
  await ensureBuild();
  if (shuttingDown) return;
  // `npm run worker` in this checkout finds the database here (the file is git-ignored, mode 600).
  writeFileSync(join(ROOT, '.data/runtime.json'), JSON.stringify({ databaseUrl: database.url, kind: database.kind }), { mode: 0o600 });

  server = spawn(process.execPath, [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '--port', String(port), '--hostname', host], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: baseEnv({
      DATABASE_URL: database.url,
      SWITCHBOARD_DATABASE_KIND: database.kind,
      NODE_ENV: 'production',
      PORT: String(port),
      HOSTNAME: host,
    }),
  });
  server.stdout.on('data', (chunk) => {
    // Next prints its own banner; keep only what is not the banner.
    const text = chunk.toString();
    const lines = text
      .split('\n')
      .filter((line) => line.trim() && !/Next\.js \d|- Local:|- Network:|Starting\.\.\.|Ready in|Running next\.config/.test(line));
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
  });
  server.on('exit', (code, signal) => {
    if (!shuttingDown) {
      step(`The console process ended (${signal ?? code}).`);
      void shutdown(code ?? 1);
    }
  });
  const displayHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const url = `http://${displayHost}:${port}`;
  await waitUntilServing(`http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}/api/health`, server);
  step(`Ready in ${sinceStart()}`);
  process.stdout.write(`\n  Switchboard is running at ${url}\n  Press Ctrl-C to stop.\n\n`);
}

main().catch(async (error) => {
  process.stderr.write(`\n[switchboard] ${error.stack ?? error}\n`);
  await shutdown(1);
});
