// The e2e database, for the specs that put rows in it directly or read what a run wrote there.
import pg from 'pg';

/** A connection to the database the console under test uses (DATABASE_URL). */
export async function connectTestDatabase(): Promise<pg.Client> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set for the e2e process (scripts/test.mjs sets it).');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Inserts one row into `table` (Prisma's table and column names), with a fresh uuid id; its id. */
export async function insertRow(client: pg.Client, table: string, columns: Record<string, unknown>): Promise<string> {
  const names = Object.keys(columns);
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "${table}" (id, ${names.map((name) => `"${name}"`).join(', ')})
     VALUES (gen_random_uuid(), ${names.map((_, index) => `$${index + 1}`).join(', ')}) RETURNING id`,
    Object.values(columns),
  );
  return rows[0]!.id;
}
