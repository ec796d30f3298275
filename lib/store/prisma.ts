import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Database = InstanceType<typeof PrismaClient>;

export function createPrismaClient(databaseUrl: string): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
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
