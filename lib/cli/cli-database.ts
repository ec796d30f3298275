import 'server-only';
import { createDatabase, type Database } from '@/lib/store/database';

/** The CLIs' client: a small pool of its own, named in `pg_stat_activity`; close it with `closeDatabase` before stopping an embedded Postgres. */
export function cliDatabase(databaseUrl: string): Database {
  return createDatabase(databaseUrl, { maxConnections: 4, applicationName: 'switchboard-cli' });
}
