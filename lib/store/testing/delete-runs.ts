// Deletes runs with every row of theirs, as retention does: the transcript tables carry no foreign
// keys (lib/store/run-partitions.ts says why), so deleting a Run row alone would leave its turns,
// calls and events behind for the next test file to count.
import type { Database } from '../database';
import type { Prisma } from '../generated/prisma/client';
import { PARTITIONED_TABLES } from '../run-partitions';

export async function deleteRunsWithRows(db: Database, where: Prisma.RunWhereInput): Promise<number> {
  const ids = (await db.run.findMany({ where, select: { id: true } })).map((run) => run.id);
  if (!ids.length) return 0;
  for (const table of PARTITIONED_TABLES) await db.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "runId" = ANY($1::uuid[])`, ids);
  return (await db.run.deleteMany({ where: { id: { in: ids } } })).count;
}
