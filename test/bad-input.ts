// Shared by the bad-input tests of the route handlers and server actions (app/**/*.test.ts): they
// run the real handlers on the test database, and check that a refused input wrote nothing.
import pg from 'pg';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { createMigratedDatabase } from '../scripts/lib/test-database.mjs';

let databaseUrl = '';

/**
 * A database of the test file's own (test files run side by side, and "nothing written" counts
 * every row): the handlers reach it through `database()` (DATABASE_URL), as under `next start`.
 */
export function useTestDatabase(): void {
  let drop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const database = await createMigratedDatabase(inject('databaseServerUrl'), 'switchboard_input');
    databaseUrl = database.url;
    drop = database.drop;
    process.env.DATABASE_URL = database.url;
  });
  afterAll(() => drop());
}

/** The URL of the file's own database (set once its `beforeAll` ran). */
export function testDatabaseUrl(): string {
  return databaseUrl;
}

const TABLES = [
  'Run',
  'Turn',
  'ProviderCall',
  'Message',
  'ToolCall',
  'ReasoningTrace',
  'ErrorArtifact',
  'RunEvent',
  'Comparison',
  'ComparisonMember',
];

/**
 * A fingerprint of everything a request could write: row counts of the run tables and of the
 * queue's jobs, and the latest Run.updatedAt (an UPDATE changes it).
 */
export async function writeFingerprint(): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const counts = TABLES.map((table) => `(SELECT count(*) FROM "${table}")::text AS "${table}"`).join(', ');
    const { rows } = await client.query(`SELECT ${counts}, (SELECT coalesce(max("updatedAt")::text, '-') FROM "Run") AS "Run.updatedAt"`);
    const jobs = await client
      .query(`SELECT CASE WHEN to_regclass('pgboss.job') IS NULL THEN '0' ELSE (SELECT count(*)::text FROM pgboss.job) END AS jobs`)
      .catch(() => ({ rows: [{ jobs: '0' }] }));
    return { ...rows[0], 'pgboss.job': jobs.rows[0].jobs };
  } finally {
    await client.end();
  }
}

/** Runs `action` and checks that it wrote nothing. */
export async function expectNothingWritten<T>(action: () => Promise<T>, label?: string): Promise<T> {
  const before = await writeFingerprint();
  const result = await action();
  expect(await writeFingerprint(), label ? `${label}: wrote rows` : 'wrote rows').toEqual(before);
  return result;
}

/** A 4xx JSON answer with a message a person can read (`error`, or `message` with field errors). */
export async function expectJsonError(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  const message = body.error ?? body.message;
  expect(typeof message === 'string' && message.length > 0, `a message in ${JSON.stringify(body)}`).toBe(true);
  return body;
}

export const UNKNOWN_RUN_ID = '0199d2c4-7a1e-7b3c-9f00-1234567890ab';
export const MALFORMED_RUN_IDS = [
  'not-a-uuid',
  '123',
  '../../etc/passwd',
  "0199d2c4-7a1e-7b3c-9f00-1234567890ab' OR 1=1",
  '0199d2c4-7a1e-7b3c-9f00-1234567890abc',
  '%00',
  '',
];
