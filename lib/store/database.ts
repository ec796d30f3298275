import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Database = InstanceType<typeof PrismaClient>;

export type DatabaseOptions = {
  /**
   * The server ends a session left idle inside a transaction this long (its locks with it): a
   * process stalled mid-transaction (paused, partitioned) must not hold rows forever.
   */
  idleInTransactionTimeoutMs?: number;
  /** The pool's size (pg's default: 10). */
  maxConnections?: number;
  /** How the connections name themselves in `pg_stat_activity`. */
  applicationName?: string;
};

/**
 * Each client's pool, kept on the process (not in this module): the console's bundles may hold more
 * than one copy of this module, and a client made by one must still find its pool through another.
 */
const processGlobals = globalThis as unknown as { switchboardPools?: WeakMap<Database, pg.Pool> };
const pools = (processGlobals.switchboardPools ??= new WeakMap<Database, pg.Pool>());

/** A client with a pool of its own, for a process that owns its connections (a worker, a CLI, a test); close it with `closeDatabase`. */
export function createDatabase(databaseUrl: string, options: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    ...(options.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
    ...(options.maxConnections ? { max: options.maxConnections } : {}),
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
  });
  // An idle connection that the server drops (restart, failover) must not crash the process:
  // the pool replaces it on the next query.
  pool.on('error', (error) => console.warn(`[switchboard] a database connection was lost: ${error.message}`));
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  pools.set(db, pool);
  return db;
}

/**
 * The pool the client was made on: the store's own statements (the fenced writes) go to it
 * directly, past Prisma.
 */
export function sqlPool(db: Database): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('This client was not made by createDatabase: it has no pool of its own.');
  return pool;
}

/**
 * Disconnects the client and ends its pool (Prisma's `$disconnect` leaves a pool it was given
 * open): a CLI must close its connections before it stops an embedded Postgres, or the server's
 * shutdown is reported as a lost connection.
 */
export async function closeDatabase(db: Database): Promise<void> {
  await db.$disconnect();
  const pool = pools.get(db);
  // Closing twice (the owner, then a caller being careful) ends the pool once.
  pools.delete(db);
  await pool?.end();
}

/**
 * The interactive transactions of run writes (fenced writes, a run's final event): under load they
 * wait for a connection and run longer than Prisma's defaults allow, and a run's write must not
 * fail for it.
 */
export const WRITE_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

/**
 * A page's first render read as one snapshot (a run's rows and its log, a comparison's members):
 * under load it, too, waits for a connection and reads longer than Prisma's defaults (2 s, 5 s) allow.
 */
export const SNAPSHOT_READ_OPTIONS = { ...WRITE_TRANSACTION_OPTIONS, isolationLevel: 'RepeatableRead' } as const;

const globalForDatabase = globalThis as unknown as { switchboardDatabase?: Database };

/** The process-wide client for DATABASE_URL (set by `npm start` / `npm test`). */
export function database(): Database {
  if (!globalForDatabase.switchboardDatabase) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set. Start the console with `npm start`, which provides one.');
    globalForDatabase.switchboardDatabase = createDatabase(url);
  }
  return globalForDatabase.switchboardDatabase;
}
