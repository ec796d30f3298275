// Shared by the bad-input tests of the route handlers and server actions (app/**/*.test.ts): they
// run the real handlers on the test database, and check that a refused input wrote nothing.
import pg from 'pg';
import { expect, inject } from 'vitest';

/** The handlers reach the database through `services()` (DATABASE_URL), as under `next start`. */
export function useTestDatabase(): string {
  const url = inject('databaseUrl');
  process.env.DATABASE_URL = url;
  return url;
}

const TABLES = ['Run', 'Turn', 'ProviderCall', 'Message', 'ToolCall', 'ReasoningTrace', 'ErrorArtifact', 'RunEvent'];

/**
 * A fingerprint of everything a request could write: row counts of the run tables and of the
 * queue's jobs, and the latest Run.updatedAt (an UPDATE changes it).
 */
export async function writeFingerprint(): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    const counts = TABLES.map((table) => `(SELECT count(*) FROM "${table}")::text AS "${table}"`).join(', ');
    const { rows } = await client.query(`SELECT ${counts}, (SELECT coalesce(max("updatedAt")::text, '-') FROM "Run") AS "Run.updatedAt"`);
    const jobs = await client.query(`SELECT CASE WHEN to_regclass('pgboss.job') IS NULL THEN '0' ELSE (SELECT count(*)::text FROM pgboss.job) END AS jobs`).catch(() => ({ rows: [{ jobs: '0' }] }));
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
export const MALFORMED_RUN_IDS = ['not-a-uuid', '123', '../../etc/passwd', "0199d2c4-7a1e-7b3c-9f00-1234567890ab' OR 1=1", '0199d2c4-7a1e-7b3c-9f00-1234567890abc', '%00', ''];
