// Migrations through Prisma's WebAssembly schema engine (@prisma/schema-engine-wasm): the native
// engine is a binary the Prisma CLI downloads from a host this network cannot reach. The folder
// layout and the `_prisma_migrations` table are Prisma's own, so `prisma migrate deploy` works on
// the same folder wherever the native engine is available.
// Pinned together (the patches below rely on their internals):
//   @prisma/schema-engine-wasm 7.10.0-4.0edf323…, @prisma/adapter-pg 7.10.0, @prisma/driver-adapter-utils 7.10.0
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import { withoutUnenforcedForeignKeys } from './unenforced-relations.mjs';

const require = createRequire(import.meta.url);
const NO_FILTERS = { externalTables: [], externalEnums: [] };

// ---------------------------------------------------------------------------
// 1. Load the wasm module. The package's entry does `import * as wasm from "./schema_engine_bg.wasm"`
//    (ESM-integration for wasm), which Node 20 cannot load without --experimental-wasm-modules,
//    so instantiate it by hand: the only import namespace is "./schema_engine_bg.js".
// The wasm panic hook writes the panic text here (Prisma's CLI defines the same global);
// without it a panic surfaces as "Cannot read properties of undefined (reading 'set_message')".
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  message: '',
  set_message(m) {
    this.message = m;
  },
};
let bgPromise;
const engineTimers = new Set();
let liveEngines = 0;
export function loadSchemaEngineWasm() {
  bgPromise ??= (async () => {
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
    // The engine arms setTimeout (e.g. the 10 s timeout around pg_advisory_lock in applyMigrations)
    // and has no clearTimeout import: a finished engine keeps node alive for up to 10 s.
    // Track those timers so they can be cleared once no engine is running.
    const imports = { ...bg };
    for (const k of Object.keys(bg).filter((k) => k.startsWith('__wbg_setTimeout_'))) {
      imports[k] = (cb, ms) => {
        const t = setTimeout(() => {
          engineTimers.delete(t);
          cb();
        }, ms >>> 0);
        engineTimers.add(t);
        return t;
      };
    }
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports });
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return bg; // { SchemaEngine, version }
  })();
  return bgPromise;
}

// ---------------------------------------------------------------------------
// 2. Driver adapter factory (SqlMigrationAwareDriverAdapterFactory) built on PrismaPg, with
//    three fixes for @prisma/adapter-pg@7.10.0 when used by the schema engine:
//    a) PrismaPg.connectToShadowDb() does `new Pool({...config, database})`; with a connectionString
//       pg lets the URL's database win, so the "shadow" pool is the MAIN database. And it drops the
//       shadow DB before ending the shadow pool ("being accessed by other users" -> DB leaked).
//    b) queryRaw throws UnsupportedNativeDataType for pg's internal "char" type (OID 18), which the
//       engine's introspection selects (pg_constraint.contype) -> "Column type 'char' could not be
//       deserialized" on any diff that reads a database. Report those columns as Character.
//    c) executeScript() splits the migration on every ';' (breaks $$ function bodies, ';' in strings)
//       and sends the pieces one by one through the pool. Send the whole script as one simple query
//       (what the native engine does: one implicit transaction for the whole file).
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const charColumnsByQuery = new WeakMap();

function patchQueryable(q) {
  const performIO = q.performIO; // private method of PgQueryable (adapter-pg 7.10.0)
  const queryRaw = q.queryRaw;
  if (typeof performIO !== 'function') throw new Error('unexpected @prisma/adapter-pg internals (performIO)');
  q.performIO = async function (query) {
    const res = await performIO.call(this, query);
    const charColumns = [];
    (res?.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        charColumns.push(index);
      }
    });
    if (charColumns.length) charColumnsByQuery.set(query, charColumns);
    return res;
  };
  // The engine reads "char" columns (pg_constraint.contype: 'p', 'f', 'c', and on PostgreSQL 18
  // 'n' for NOT NULL) as Character values; a Text column there makes it panic.
  q.queryRaw = async function (query) {
    const result = await queryRaw.call(this, query);
    for (const index of charColumnsByQuery.get(query) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return q;
}

function patchAdapter(adapter, onDispose) {
  patchQueryable(adapter);
  const startTransaction = adapter.startTransaction;
  adapter.startTransaction = async function (...args) {
    return patchQueryable(await startTransaction.apply(this, args));
  };
  adapter.executeScript = async function (script) {
    try {
      await this.client.query(script);
    } catch (e) {
      this.onError(e);
    }
  };
  const dispose = adapter.dispose;
  let disposed;
  adapter.dispose = function () {
    // idempotent: the engine disposes shadow adapters, we dispose the rest
    disposed ??= (async () => {
      await dispose.call(this);
      await onDispose?.();
    })();
    return disposed;
  };
  return adapter;
}

async function adminQuery(databaseUrl, sql) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

class PgMigrationFactory {
  provider = 'postgres';
  adapterName = '@prisma/adapter-pg';
  #url;
  #open = new Set();
  constructor(databaseUrl) {
    this.#url = databaseUrl;
  } // tested with the default "public" schema only
  #track(adapter) {
    this.#open.add(adapter);
    const d = adapter.dispose;
    adapter.dispose = () => d.call(adapter).finally(() => this.#open.delete(adapter));
    return adapter;
  }
  async connect() {
    const a = await new PrismaPg({ connectionString: this.#url }).connect();
    return this.#track(patchAdapter(a));
  }
  async connectToShadowDb() {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await adminQuery(this.#url, `CREATE DATABASE "${name}"`);
    const u = new URL(this.#url);
    u.pathname = `/${name}`;
    const a = await new PrismaPg({ connectionString: u.toString() }).connect();
    // pool is ended first (adapter's own dispose), then the shadow DB is dropped
    return this.#track(patchAdapter(a, () => adminQuery(this.#url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
  }
  async disposeAll() {
    await Promise.allSettled([...this.#open].map((a) => a.dispose()));
  }
}

// Offline factory: enough for diff {from: empty} -> schemaDatamodel. SchemaEngine.new() always
// connects and runs one version query; nothing else is needed for an empty->schema diff.
class OfflinePgFactory {
  provider = 'postgres';
  adapterName = 'offline';
  async connect() {
    const fail = async (what) => {
      throw new Error(`offline schema engine adapter: unexpected ${what}`);
    };
    return {
      provider: 'postgres',
      adapterName: 'offline',
      getConnectionInfo: () => ({ supportsRelationJoins: true }),
      queryRaw: async (q) => {
        if (q.sql.startsWith('SELECT EXISTS(SELECT 1 FROM pg_namespace')) {
          return {
            columnNames: ['exists', 'version', 'numeric_version'],
            columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
            rows: [[true, 'PostgreSQL 16.0 (offline)', 160000]],
          };
        }
        return fail(`query ${q.sql.slice(0, 80)}`);
      },
      executeRaw: (q) => fail(`query ${q.sql.slice(0, 80)}`),
      executeScript: () => fail('executeScript'),
      startTransaction: () => fail('startTransaction'),
      dispose: async () => {},
    };
  }
  connectToShadowDb() {
    return Promise.reject(new Error('offline schema engine adapter: no shadow database'));
  }
  async disposeAll() {}
}

// ---------------------------------------------------------------------------
// 3. Engine lifecycle. SchemaEngine.new(options, logCallback, boundFactory): Promise<SchemaEngine>
//    - options: { datamodels: [[path, content], ...] | undefined }
//    - logCallback(line: string): JSON lines {"level","fields":{"message",...},"target","span"?}
//    - boundFactory: bindMigrationAwareSqlAdapterFactory(factory) -> calls factory.connect() at once.
//    engine.free() releases the wasm object but never disposes the adapter: the pg pool keeps the
//    process alive ~10 s (pg idleTimeoutMillis) and holds the pg_advisory_lock(72707369) taken by
//    applyMigrations. So: free() AND dispose every adapter.
export async function withSchemaEngine(databaseUrl, fn, { datamodels, log } = {}) {
  const bg = await loadSchemaEngineWasm();
  const factory = databaseUrl ? new PgMigrationFactory(databaseUrl) : new OfflinePgFactory();
  let engine;
  liveEngines++;
  try {
    engine = await bg.SchemaEngine.new({ datamodels }, (line) => log?.(JSON.parse(line)), bindMigrationAwareSqlAdapterFactory(factory));
    return await fn(engine);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      // wasm panic: instance is poisoned, reload next time
      bgPromise = undefined;
      e.message += `: ${globalThis.PRISMA_WASM_PANIC_REGISTRY.message}`;
    }
    throw e;
  } finally {
    try {
      engine?.free();
    } catch {
      /* already poisoned by a panic */
    }
    await factory.disposeAll();
    if (--liveEngines === 0) {
      for (const t of engineTimers) clearTimeout(t);
      engineTimers.clear();
    }
  }
}

// MigrationList exactly as the Prisma CLI builds it (prisma/build/cli.js, function Bl).
export async function readMigrationsList(migrationsDir, shadowDbInitScript = '') {
  const baseDir = path.resolve(migrationsDir);
  const lockPath = 'migration_lock.toml';
  const lockContent = await readFile(path.join(baseDir, lockPath), 'utf8').catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = [];
  for (const e of entries.filter((d) => d.isDirectory())) {
    const content = await readFile(path.join(baseDir, e.name, 'migration.sql'), 'utf8').then(
      (value) => ({ tag: 'ok', value }),
      (err) => ({ tag: 'error', value: err.message }),
    );
    migrationDirectories.push({ path: e.name, migrationFile: { path: 'migration.sql', content } });
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return { baseDir, lockfile: { path: lockPath, content: lockContent }, migrationDirectories, shadowDbInitScript };
}

async function readSchemaFiles(schemaPath) {
  const p = path.resolve(schemaPath);
  return [{ path: p, content: await readFile(p, 'utf8') }]; // SchemaContainer[]; add more files for multi-file schemas
}

// ---------------------------------------------------------------------------
// Public API

/**
 * Apply all unapplied prisma/migrations/<name>/migration.sql; returns names applied now.
 * @param {string} databaseUrl
 * @param {string} migrationsDir
 * @returns {Promise<string[]>}
 */
export async function applyMigrations(databaseUrl, migrationsDir, opts = {}) {
  const migrationsList = await readMigrationsList(migrationsDir);
  return withSchemaEngine(
    databaseUrl,
    async (engine) => {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
      return appliedMigrationNames;
    },
    opts,
  );
}

/**
 * SQL script that takes `from` to the datamodel in schemaPath.
 * No changes -> "-- This is an empty migration.\n" (pass exitCode: true to engine.diff to get exitCode 2 on changes).
 *  from: 'empty'      -> { tag: 'empty' }                         (databaseUrl optional: offline)
 *        'database'   -> { tag: 'schemaDatasource', files, configDir } (introspects databaseUrl)
 *        'migrations' -> { tag: 'migrations', ...MigrationList }  (replays them in a temp shadow DB)
 */
/**
 * @param {{ from: 'empty' | 'database' | 'migrations', databaseUrl?: string, schemaPath: string,
 *           migrationsDir?: string, script?: boolean, log?: (line: unknown) => void }} options
 * The foreign keys the run transcript tables do without are left out (./unenforced-relations.mjs).
 * @returns {Promise<string>}
 */
export async function diffSchemaToSql({ from, databaseUrl, schemaPath, migrationsDir, script = true, log }) {
  const files = await readSchemaFiles(schemaPath);
  let fromTarget;
  if (from === 'empty') fromTarget = { tag: 'empty' };
  else if (from === 'database') fromTarget = { tag: 'schemaDatasource', files, configDir: path.dirname(files[0].path) };
  else if (from === 'migrations') {
    const dir = migrationsDir ?? path.join(path.dirname(files[0].path), 'migrations');
    fromTarget = { tag: 'migrations', ...(await readMigrationsList(dir)) };
  } else throw new Error(`unknown diff source: ${from}`);
  if (from !== 'empty' && !databaseUrl) throw new Error(`diff from ${from} needs databaseUrl`);
  return withSchemaEngine(
    databaseUrl,
    async (engine) => {
      const { stdout } = await engine.diff({
        from: fromTarget,
        to: { tag: 'schemaDatamodel', files },
        script, // true: executable SQL; false: human-readable summary
        exitCode: null, // true -> result.exitCode 2 when the diff is non-empty
        filters: NO_FILTERS,
      });
      return script ? withoutUnenforcedForeignKeys(stdout ?? '') : (stdout ?? '');
    },
    { datamodels: files.map((f) => [f.path, f.content]), log },
  );
}
