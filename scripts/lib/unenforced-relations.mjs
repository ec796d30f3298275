// A run's transcript tables are partitioned by the month of their run (lib/store/run-partitions.ts)
// and carry no foreign keys: a foreign key from a partitioned table to "Run" or "Turn" makes every
// deleted run or turn run one planned query per key, and a month's 20,000 runs then took seconds to
// remove; without them retention drops a month's partitions and deletes its Run rows in well under
// a second. schema.prisma keeps their relations (Prisma Client joins and filters through them), so
// the schema engine's diff always asks for those foreign keys: this module leaves them out of every
// diff — the drift check and `npm run db:migrate` — and nothing else.

/** The tables partitioned by "runId" (lib/store/run-partitions.ts PARTITIONED_TABLES says the same). */
export const PARTITIONED_RUN_TABLES = [
  'RunEvent',
  'ProviderCall',
  'Turn',
  'Message',
  'ToolCall',
  'ReasoningTrace',
  'ErrorArtifact',
  'RateLimitSample',
];

const ADD_FOREIGN_KEY =
  /(?:-- AddForeignKey\n)?ALTER TABLE "([A-Za-z]+)" ADD CONSTRAINT "[^"]+" FOREIGN KEY \([^)]*\) REFERENCES "([A-Za-z]+)"\([^)]*\)[^;]*;\n*/g;
const EMPTY_MIGRATION = '-- This is an empty migration.';

/** The diff without the foreign keys from a partitioned run table to Run or Turn; the empty-migration line when nothing else is left. */
export function withoutUnenforcedForeignKeys(sql) {
  const kept = sql.replace(ADD_FOREIGN_KEY, (statement, table, referenced) =>
    PARTITIONED_RUN_TABLES.includes(table) && (referenced === 'Run' || referenced === 'Turn') ? '' : statement,
  );
  return kept.trim() === '' && sql.trim() !== '' ? EMPTY_MIGRATION : kept;
}
