// Content fingerprints that decide whether install, generate and build are stale.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const IGNORED_DIRECTORIES = new Set(['node_modules', '.next', '.data', '.git', 'generated', 'test-results', 'playwright-report']);

// Tests do not change what is built or generated.
function isTestFile(name) {
  return /\.(test|spec|clienttest)\.[cm]?[jt]sx?$/.test(name);
}

function listFiles(root, path) {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !IGNORED_DIRECTORIES.has(entry.name) && !isTestFile(entry.name))
    .flatMap((entry) => listFiles(root, join(path, entry.name)));
}

/** Hash of the names and contents of the given files and folders (missing ones count as absent). */
export function fingerprint(root, paths) {
  const hash = createHash('sha256');
  const files = paths.flatMap((path) => listFiles(root, join(root, path))).sort();
  for (const file of files) {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function readStamp(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

export function writeStamp(file, value) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${value}\n`);
}
