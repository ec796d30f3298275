import { describe, expect, it } from 'vitest';
import { describeDatabaseError, scrubConnectionStrings } from './database-error';

// The message of a PrismaClientKnownRequestError on a database without tables (Prisma 7, as printed).
const PRISMA_P2021 = `
Invalid \`prisma.run.findUnique()\` invocation in
/work/main/lib/store/import-bundle.ts:110:38

  107 export async function importRunBundle(db: Database, document: unknown, options: { now?: Date } = {}): Promise<ImportOutcome> {
  108   const checked = checkRunBundle(document);
  109   if (!checked.ok) return { status: 'invalid', message: checked.message, issues: checked.issues };
→ 110   const existing = await db.run.findUnique(
The table \`public.Run\` does not exist in the current database.`;

describe('describeDatabaseError', () => {
  it('keeps the line that says what happened from a Prisma report, with its code and a hint', () => {
    const error = Object.assign(new Error(PRISMA_P2021), { code: 'P2021' });
    expect(describeDatabaseError(error)).toBe(
      'The table `public.Run` does not exist in the current database. (P2021: a table is missing — the database is not migrated)',
    );
  });

  it('names connection failures by their code, also inside causes and aggregate errors', () => {
    const refused = Object.assign(
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })], ''),
      {},
    );
    expect(describeDatabaseError(refused)).toMatch(/\(ECONNREFUSED: nothing answers at that address — is Postgres running\?\)$/);
    const missing = Object.assign(new Error('database "nope" does not exist'), { code: '3D000' });
    expect(describeDatabaseError(missing)).toBe(
      'database "nope" does not exist (3D000: that database does not exist — create it first (createdb))',
    );
    const wrapped = new Error('migration failed', { cause: missing });
    expect(describeDatabaseError(wrapped)).toBe('migration failed (3D000: that database does not exist — create it first (createdb))');
  });

  it('is always one line, without stack frames or passwords', () => {
    const error = new Error(
      'could not connect to postgresql://admin:hunter2@db.example:6543/app\n    at Client.connect (/x/pg/client.js:1:1)',
    );
    const line = describeDatabaseError(error);
    expect(line).not.toContain('\n');
    expect(line).not.toContain('hunter2');
    expect(line).toBe('could not connect to db.example:6543/app');
    expect(describeDatabaseError('plain')).toBe('plain');
    expect(scrubConnectionStrings('x postgres://u:p@h/d y')).toBe('x h/d y');
  });
});
