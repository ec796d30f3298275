import { readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/**
 * The conformance case files under a folder, sub-folders included, sorted: every `.json` file,
 * except that inside a runtime's `__fixtures__/` only its `conformance/` folder holds cases (the
 * other files there are raw recordings the parser tests replay). So `lib/providers` yields every
 * runtime's cases, and a plain folder of cases (the shared public set) yields all its files.
 * Throws when `dir` is not a folder.
 */
export function findConformanceCases(dir: string): string[] {
  const root = resolve(dir);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`Not a folder: ${dir}`);
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((path) => path.endsWith('.json'))
    .sort()
    .map((path) => join(root, path))
    .filter(isCasePath);
}

function isCasePath(path: string): boolean {
  const folders = path.split(sep).slice(0, -1);
  const fixtures = folders.lastIndexOf('__fixtures__');
  return fixtures === -1 || folders[fixtures + 1] === 'conformance';
}
