// Fails when prisma/schema.prisma and prisma/migrations disagree: after migrating a fresh
// database, the schema engine's diff from that database to schema.prisma must be empty.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { diffSchemaToSql } from '../../scripts/lib/migrations.mjs';
import { PARTITIONED_RUN_TABLES, withoutUnenforcedForeignKeys } from '../../scripts/lib/unenforced-relations.mjs';
import { PARTITIONED_TABLES } from './run-partitions';

const ROOT = join(__dirname, '../..');
const SCHEMA = join(ROOT, 'prisma/schema.prisma');
const EMPTY = '-- This is an empty migration.';

describe('schema.prisma and prisma/migrations', () => {
  it('describe the same database (no drift)', async () => {
    const sql = await diffSchemaToSql({ from: 'database', databaseUrl: inject('databaseUrl'), schemaPath: SCHEMA });
    expect(sql.trim(), `schema.prisma differs from the migrations; run \`npm run db:migrate -- --name <change>\`:\n${sql}`).toBe(EMPTY);
  });

  it('the check notices a field added to schema.prisma without a migration', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchboard-drift-'));
    const changed = readFileSync(SCHEMA, 'utf8').replace(/model Run \{\n/, 'model Run {\n  driftProbe String?\n');
    const schemaPath = join(directory, 'schema.prisma');
    writeFileSync(schemaPath, changed);
    const sql = await diffSchemaToSql({ from: 'database', databaseUrl: inject('databaseUrl'), schemaPath });
    expect(sql).toMatch(/ALTER TABLE "Run" ADD COLUMN\s+"driftProbe" TEXT[,;]/);
  });

  it('leaves out only the foreign keys from a partitioned run table to Run or Turn', () => {
    expect([...PARTITIONED_RUN_TABLES].sort()).toEqual([...PARTITIONED_TABLES].sort());
    const unenforced =
      '-- AddForeignKey\nALTER TABLE "Message" ADD CONSTRAINT "Message_turnId_runId_fkey" FOREIGN KEY ("turnId", "runId") REFERENCES "Turn"("id", "runId") ON DELETE NO ACTION ON UPDATE NO ACTION;\n\n';
    const kept =
      '-- AddForeignKey\nALTER TABLE "ComparisonMember" ADD CONSTRAINT "ComparisonMember_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;\n';
    const column = '-- AlterTable\nALTER TABLE "Turn" ADD COLUMN "note" TEXT;\n\n';
    expect(withoutUnenforcedForeignKeys(unenforced)).toBe(EMPTY);
    expect(withoutUnenforcedForeignKeys(column + unenforced + kept)).toBe(column + kept);
    expect(withoutUnenforcedForeignKeys(EMPTY)).toBe(EMPTY);
  });
});
