// The `.env` files, read by every entry point exactly as the console (Next.js) reads them: with
// Next's own loader (@next/env, the copy `next` depends on), so the files, their order
// (.env.$(NODE_ENV).local, .env.local — not when NODE_ENV=test —, .env.$(NODE_ENV), .env; the
// mode is `production` unless NODE_ENV is `test`), the syntax and `${VAR}` expansion are the
// same. A variable already set is never overwritten, and an earlier file wins over a later one.
// Their values land in process.env, so the redaction module masks secret ones like any other
// (lib/redaction/secret-values.ts). Nothing here prints a value: only file and variable names.
import { createRequire } from 'node:module';
import { ROOT } from './bootstrap.mjs';

/**
 * Loads the `.env` files of `dir` into process.env (once per process).
 * @returns {{ files: string[], names: string[] }} the files read and the variables they set.
 */
export function loadEnvFiles(dir = ROOT) {
  const requireFromNext = createRequire(createRequire(import.meta.url).resolve('next/package.json'));
  const { loadEnvConfig } = requireFromNext('@next/env');
  const quiet = { info() {}, error() {} };
  const { loadedEnvFiles, parsedEnv } = loadEnvConfig(dir, false, quiet);
  // Next marks process.env as processed; the console it starts must read the files itself too.
  delete process.env.__NEXT_PROCESSED_ENV;
  return { files: loadedEnvFiles.map((file) => file.path), names: Object.keys(parsedEnv ?? {}).sort() };
}

/** `Environment files: .env.local, .env (3 variables: A, B, C)` — names only, never values. */
export function describeEnvFiles({ files, names }) {
  if (!files.length) return null;
  return `Environment files: ${files.join(', ')} (${names.length ? `set ${names.join(', ')}` : 'nothing new: every variable was already set'})`;
}
