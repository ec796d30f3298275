import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';

/**
 * A Prisma client whose pool the CLI closes itself before it stops an embedded Postgres (Prisma's
 * `$disconnect` leaves a pool it was given open, and the server's shutdown would then be reported
 * as a lost connection).
 */
export function openCliPrisma(databaseUrl: string): { db: Database; close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'switchboard-cli' });
  pool.on('error', (error) => process.stderr.write(`[switchboard] a database connection was lost: ${error.message}\n`));
  const db: Database = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    db,
    async close() {
      await db.$disconnect();
      await pool.end();
    },
  };
}
