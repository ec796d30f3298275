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
};

export function createDatabase(databaseUrl: string, options: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    ...(options.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
  });
  // An idle connection that the server drops (restart, failover) must not crash the process:
  // the pool replaces it on the next query.
  pool.on('error', (error) => console.warn(`[switchboard] a database connection was lost: ${error.message}`));
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

/**
 * The interactive transactions of run writes (fenced writes, a run's final event): under load they
 * wait for a connection and run longer than Prisma's defaults allow, and a run's write must not
 * fail for it.
 */
export const WRITE_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

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
