// Every row of every table of a database, as the row's text: what a dump of its data holds, read over
// SQL so that no pg_dump of the server's major version is needed (the embedded Postgres is newer
// than the machine's client tools). For the tests that look for secrets in everything stored.
import pg from 'pg';

export type StoredRow = { table: string; row: string };

/** Tables and partitions holding rows, in every schema but the system's. */
const TABLES = `
  SELECT format('%I.%I', n.nspname, c.relname) AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  ORDER BY 1`;

const UNDEFINED_TABLE = '42P01';

export async function everyRow(url: string): Promise<StoredRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(TABLES);
    const stored: StoredRow[] = [];
    for (const { name } of tables) {
      try {
        const { rows } = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
        stored.push(...rows.map(({ row }) => ({ table: name, row })));
      } catch (error) {
        // A partition dropped since the listing (retention, another test file) held nothing anymore.
        if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
      }
    }
    return stored;
  } finally {
    await client.end();
  }
}

/** The whole database as one text. */
export async function everyRowText(url: string): Promise<string> {
  return (await everyRow(url)).map(({ table, row }) => `${table}: ${row}`).join('\n');
}
