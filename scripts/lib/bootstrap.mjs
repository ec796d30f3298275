// The steps `npm start` and `npm test` share: install, generate the Prisma client, build.
// Each step runs only when what it depends on changed (content fingerprints, not mtimes).
// Plain Node only: this file runs before node_modules exists.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { fingerprint, readStamp, writeStamp } from './fingerprint.mjs';
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

export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: baseEnv(), ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}`));
    });
  });
}

export async function ensureDependencies() {
  const stampFile = join(ROOT, 'node_modules/.switchboard-install.stamp');
  const wanted = fingerprint(ROOT, INSTALL_INPUTS);
  if (readStamp(stampFile) === wanted) return;
  const fresh = !existsSync(join(ROOT, 'node_modules')) || process.env.CI === 'true';
  const useCi = fresh && existsSync(join(ROOT, 'package-lock.json'));
  const args = useCi ? ['ci'] : ['install'];
  await timed(`Installing dependencies (npm ${args[0]})`, () => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error']));
  writeStamp(stampFile, wanted);
}

export async function ensurePrismaClient() {
  const stampFile = join(ROOT, 'lib/store/generated/.stamp');
  const wanted = fingerprint(ROOT, GENERATE_INPUTS);
  if (readStamp(stampFile) === wanted && existsSync(join(ROOT, 'lib/store/generated/prisma/client.ts'))) return;
  await timed('Generating the Prisma client', () =>
    run(process.execPath, [join(ROOT, 'node_modules/prisma/build/index.js'), 'generate'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
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
    await timed('Building the console (next build)', () => run(process.execPath, [join(ROOT, 'node_modules/next/dist/bin/next'), 'build']));
    writeStamp(stampFile, wanted);
  });
}
