// The steps `npm start` and `npm test` share: install, generate the Prisma client, build.
// Each step runs only when what it depends on changed (content fingerprints, not mtimes).
// Plain Node only: this file runs before node_modules exists.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { ExpectedFailure } from './expected-failure.mjs';
import { fingerprint, readStamp, writeStamp } from './fingerprint.mjs';
import { refuseRebuildUnderConsole } from './running-console.mjs';
import { step, timed } from './log.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const INSTALL_INPUTS = ['package.json', 'package-lock.json'];
const GENERATE_INPUTS = ['prisma/schema.prisma', 'package-lock.json'];
const BUILD_INPUTS = [
  'app',
  'lib',
  'public',
  'prisma/schema.prisma',
  'next.config.mjs',
  'tsconfig.json',
  'package-lock.json',
  'instrumentation.ts',
  'proxy.ts',
];

export const STUB_SCHEMA_ENGINE = join(ROOT, 'scripts/lib/schema-engine-stub.mjs');

/** Environment every child process gets: no telemetry, no update checks, no engine download. */
export function baseEnv(extra = {}) {
  return {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? STUB_SCHEMA_ENGINE,
    ...extra,
  };
}

export const LOGS_DIR = join(ROOT, '.data/logs');

export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: baseEnv(), ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ExpectedFailure(`${command} ${args.join(' ')} exited with ${signal ?? code}`));
    });
  });
}

const ANSI = /\u001b\[[0-9;]*m/g;
const SHOWN_ON_FAILURE = 40;

/**
 * Runs a tool whose output is noise when it succeeds (npm, next build): the output goes to
 * `.data/logs/<logName>`; `status()` tells its latest line (for the progress lines); on failure its
 * last lines are printed and the error names the log. Resolves with the whole output.
 */
export function runLogged(command, args, logName, { showTail = true, ...options } = {}) {
  mkdirSync(LOGS_DIR, { recursive: true });
  const logFile = join(LOGS_DIR, logName);
  const log = createWriteStream(logFile);
  let output = '';
  let latest = null;
  const onData = (chunk) => {
    const text = chunk.toString('utf8');
    log.write(text);
    output += text;
    const lines = text
      .replace(ANSI, '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.length) latest = lines.at(-1).slice(0, 80);
  };
  const done = new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: baseEnv(), ...options });
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      log.end();
      if (code === 0) return resolve(output);
      const tail = output.replace(ANSI, '').trimEnd().split('\n').slice(-SHOWN_ON_FAILURE).join('\n');
      // Stopped by Ctrl-C along with `npm start`: no failure to explain.
      const interrupted = ['SIGINT', 'SIGTERM'].includes(signal) || code === 130 || code === 143;
      if (showTail && !interrupted) process.stderr.write(`${tail}\n`);
      reject(
        new ExpectedFailure(
          `${[command, ...args].map((part) => relative(ROOT, part) || part).join(' ')} failed (${signal ?? `exit code ${code}`}); its output: ${relative(ROOT, logFile)}`,
        ),
      );
    });
  });
  return { done, status: () => latest };
}

/** `timed` around a logged tool: the progress lines say what the tool last printed. */
async function timedTool(label, command, args, logName, options) {
  let tool;
  return timed(
    label,
    () => {
      tool = runLogged(command, args, logName, options);
      return tool.done;
    },
    { detail: () => tool?.status() },
  );
}

export async function ensureDependencies() {
  const stampFile = join(ROOT, 'node_modules/.switchboard-install.stamp');
  const wanted = fingerprint(ROOT, INSTALL_INPUTS);
  if (readStamp(stampFile) === wanted) return;
  const fresh = !existsSync(join(ROOT, 'node_modules')) || process.env.CI === 'true';
  const useCi = fresh && existsSync(join(ROOT, 'package-lock.json'));
  const args = [useCi ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error'];
  const label = `Installing dependencies (npm ${args[0]})`;
  // The lockfile pins every version and checksum: what npm's cache holds is used without asking the
  // registry whether its metadata is fresh. A cache too old for the lockfile fails that; then online.
  try {
    await timedTool(label, 'npm', [...args, '--prefer-offline'], 'npm-install.log', { showTail: false });
  } catch {
    step('Installing from npm’s cache alone failed: again, asking the registry');
    await timedTool(label, 'npm', args, 'npm-install.log');
  }
  writeStamp(stampFile, wanted);
}

export async function ensurePrismaClient() {
  const stampFile = join(ROOT, 'lib/store/generated/.stamp');
  const wanted = fingerprint(ROOT, GENERATE_INPUTS);
  if (readStamp(stampFile) === wanted && existsSync(join(ROOT, 'lib/store/generated/prisma/client.ts'))) return;
  await timedTool(
    'Generating the Prisma client',
    process.execPath,
    [join(ROOT, 'node_modules/prisma/build/index.js'), 'generate'],
    'prisma-generate.log',
  );
  writeStamp(stampFile, wanted);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `action` while holding a lock folder (mkdir is atomic), so that two consoles started at
 * once (the e2e suite starts two) never build into the same .next together; the second waits and
 * then finds the build done. A lock left by a killed process is taken over.
 */
async function withLock(name, action) {
  const dir = join(ROOT, '.data', `${name}.lock`);
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  for (let announced = false; ;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let holder = 0; // the holder may not have written its pid yet
      try {
        holder = Number(readFileSync(join(dir, 'pid'), 'utf8').trim() || 0);
      } catch {}
      if (holder && !pidAlive(holder)) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (!announced) step(`Waiting for another ${name} (pid ${holder || '?'}) to finish`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await action();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function ensureBuild() {
  const stampFile = join(ROOT, '.next/switchboard-build.stamp');
  const wanted = fingerprint(ROOT, BUILD_INPUTS);
  const upToDate = () => readStamp(stampFile) === wanted && existsSync(join(ROOT, '.next/BUILD_ID'));
  if (upToDate()) {
    step('Build is up to date');
    return;
  }
  await withLock('build', async () => {
    if (upToDate()) return step('Build is up to date');
    refuseRebuildUnderConsole(ROOT);
    const output = await timedTool(
      'Building the console (next build)',
      process.execPath,
      [join(ROOT, 'node_modules/next/dist/bin/next'), 'build'],
      'next-build.log',
    );
    if (/warning/i.test(output)) step(`next build reported warnings: ${relative(ROOT, join(LOGS_DIR, 'next-build.log'))}`);
    writeStamp(stampFile, wanted);
  });
}
