import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Database = InstanceType<typeof PrismaClient>;

export type ClientOptions = {
  /**
   * The server ends a session left idle inside a transaction this long (its locks with it): a
   * process stalled mid-transaction (paused, partitioned) must not hold rows forever.
   */
  idleInTransactionTimeoutMs?: number;
};

export function createPrismaClient(databaseUrl: string, options: ClientOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    ...(options.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
  });
  // An idle connection that the server drops (restart, failover) must not crash the process:
  // the pool replaces it on the next query.
  pool.on('error', (error) => console.warn(`[switchboard] a database connection was lost: ${error.message}`));
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

const globalForPrisma = globalThis as unknown as { switchboardPrisma?: Database };

/** The process-wide client for DATABASE_URL (set by `npm start` / `npm test`). */
export function prisma(): Database {
  if (!globalForPrisma.switchboardPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set. Start the console with `npm start`, which provides one.');
    globalForPrisma.switchboardPrisma = createPrismaClient(url);
  }
  return globalForPrisma.switchboardPrisma;
}
