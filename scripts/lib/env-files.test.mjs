// The .env files every entry point reads (env-files.mjs), in a process of their own: loading
// changes process.env, and Next's loader remembers the first environment it saw.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dirs = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function checkout(files) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-env-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Loads `dir`'s files in a child process; returns what it printed, and the variables asked for. */
function load(dir, { env = {}, names = [], script = '' } = {}) {
  const code = `
    import { describeEnvFiles, loadEnvFiles } from ${JSON.stringify(join(process.cwd(), 'scripts/lib/env-files.mjs'))};
    const loaded = loadEnvFiles(${JSON.stringify(dir)});
    const line = describeEnvFiles(loaded);
    ${script}
    process.stdout.write(JSON.stringify({ loaded, line, values: Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n] ?? null])), processed: process.env.__NEXT_PROCESSED_ENV ?? null, extra: globalThis.extra ?? null }));`;
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(NODE_ENV|A|B|C|D|E|PRESET|SB_TEST_.*)$/.test(name)));
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: process.cwd(),
    env: { ...base, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

describe('loadEnvFiles', () => {
  it('reads the files in Next’s order, the first to set a variable wins, and a variable already set is kept', () => {
    const dir = checkout({
      '.env.production.local': 'A=production-local\n',
      '.env.local': 'A=local\nB=local\n',
      '.env.production': 'A=production\nB=production\nC=production\n',
      '.env': 'A=env\nB=env\nC=env\nD=env\nPRESET=from-file\nE=${D}-expanded\n',
    });
    const { loaded, values, processed } = load(dir, { env: { PRESET: 'from-the-shell' }, names: ['A', 'B', 'C', 'D', 'E', 'PRESET'] });
    expect(values).toEqual({ A: 'production-local', B: 'local', C: 'production', D: 'env', E: 'env-expanded', PRESET: 'from-the-shell' });
    expect(loaded.files).toEqual(['.env.production.local', '.env.local', '.env.production', '.env']);
    expect(loaded.names).toEqual(['A', 'B', 'C', 'D', 'E']);
    // The console's own `next start` reads the same files again (and finds everything set).
    expect(processed).toBeNull();
  });

  it('with NODE_ENV=test reads .env.test.local, .env.test and .env, never .env.local (as Next does)', () => {
    const dir = checkout({ '.env.local': 'A=local\n', '.env.test': 'A=test\n', '.env': 'B=env\n' });
    const { loaded, values } = load(dir, { env: { NODE_ENV: 'test' }, names: ['A', 'B'] });
    expect(values).toEqual({ A: 'test', B: 'env' });
    expect(loaded.files).toEqual(['.env.test', '.env']);
  });

  it('says which files and variables, never a value; without files it says nothing', () => {
    const dir = checkout({ '.env': 'SB_TEST_OPENAI_KEY=sk-proj-dotenvvalue0123456789abcdef\n' });
    const { line } = load(dir);
    expect(line).toBe('Environment files: .env (set SB_TEST_OPENAI_KEY)');
    expect(line).not.toContain('dotenvvalue');
    expect(load(checkout({})).line).toBeNull();
  });

  it('masks a key from a .env file like one from the environment (by name, and by a profile’s apiKeyEnv)', () => {
    const dir = checkout({
      '.env': 'SB_TEST_PROVIDER_KEY=plain-value-from-dotenv-1234\nSB_TEST_ACME_CREDENTIAL=acme-credential-from-dotenv-5678\n',
    });
    const { extra } = load(dir, {
      script: `
        const { redactText } = await import(${JSON.stringify(join(process.cwd(), 'lib/redaction/redact.ts'))});
        const { registerProfileSecrets } = await import(${JSON.stringify(join(process.cwd(), 'lib/config/profile-secrets.ts'))});
        registerProfileSecrets([{ apiKeyEnv: 'SB_TEST_ACME_CREDENTIAL' }]);
        globalThis.extra = redactText('keys: ' + process.env.SB_TEST_PROVIDER_KEY + ' and ' + process.env.SB_TEST_ACME_CREDENTIAL);`,
    });
    expect(extra).toBe('keys: [REDACTED] and [REDACTED]');
  });
});

describe('entry points', () => {
  it('every command-line entry point loads the .env files before any other module', () => {
    for (const script of ['worker', 'smoke', 'runs', 'import', 'seed-demo']) {
      const firstImport = readFileSync(join(process.cwd(), `scripts/${script}.ts`), 'utf8').match(/^import .*$/m)?.[0];
      expect(firstImport, script).toBe("import './lib/load-env-files.mjs';");
    }
    for (const script of ['start.mjs', 'db-migrate.mjs']) {
      expect(readFileSync(join(process.cwd(), `scripts/${script}`), 'utf8'), script).toMatch(/loadEnvFiles\(\)/);
    }
  });
});
