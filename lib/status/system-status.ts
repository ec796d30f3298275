import 'server-only';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { credentialPresence, type CredentialPresence } from '@/lib/config/credentials';
import { redactText } from '@/lib/redaction/redact';
import { database } from '@/lib/store/database';
import { compareMigrations, type AppliedMigrationRow, type MigrationState } from './migration-state';

export type DatabaseStatus = {
  kind: 'embedded' | 'external';
  /** host:port/database — never the credentials. */
  target: string;
  reachable: boolean;
  serverVersion: string | null;
  roundTripMs: number | null;
  error: string | null;
};

export type SystemStatus = {
  checkedAt: string;
  database: DatabaseStatus;
  migrations: (MigrationState & { error: string | null }) | null;
  credentials: CredentialPresence[];
};

function describeTarget(url: string | undefined): string {
  if (!url) return 'not configured';
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'unparseable DATABASE_URL';
  }
}

async function migrationFolder(): Promise<string[]> {
  const entries = await readdir(join(process.cwd(), 'prisma/migrations'), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function errorText(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error)).slice(0, 400);
}

export async function systemStatus(): Promise<SystemStatus> {
  const reached: DatabaseStatus = {
    kind: process.env.SWITCHBOARD_DATABASE_KIND === 'embedded' ? 'embedded' : 'external',
    target: describeTarget(process.env.DATABASE_URL),
    reachable: false,
    serverVersion: null,
    roundTripMs: null,
    error: null,
  };
  let migrations: SystemStatus['migrations'] = null;
  try {
    const [row] = await database().$queryRaw<{ server_version: string }[]>`SELECT current_setting('server_version') AS server_version`;
    const t0 = performance.now();
    await database().$queryRaw`SELECT 1`;
    reached.roundTripMs = Math.round((performance.now() - t0) * 10) / 10;
    reached.reachable = true;
    reached.serverVersion = row?.server_version ?? null;
  } catch (error) {
    reached.error = errorText(error);
  }
  if (reached.reachable) {
    try {
      const rows = await database().$queryRaw<
        AppliedMigrationRow[]
      >`SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`;
      migrations = { ...compareMigrations(await migrationFolder(), rows), error: null };
    } catch (error) {
      migrations = { applied: [], pending: await migrationFolder().catch(() => []), failed: [], unknown: [], error: errorText(error) };
    }
  }
  return { checkedAt: new Date().toISOString(), database: reached, migrations, credentials: credentialPresence() };
}
