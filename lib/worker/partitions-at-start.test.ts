// A worker creates the month partitions ahead before it takes a run: after startWorker resolves,
// this month's partitions and the next MONTHS_AHEAD exist for every run transcript table — also when
// two workers start at once on a database that lacks them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { addMonths, listRunPartitions, MONTHS_AHEAD, monthStart, partitionName, PARTITIONED_TABLES } from '@/lib/store/run-partitions';
import { useOwnDatabase } from '@/test/own-database';
import { startWorker, type WorkerHandle } from './worker';

const own = useOwnDatabase('switchboard_partitions_start');
let db: Database;
const workers: WorkerHandle[] = [];

beforeAll(() => {
  db = createDatabase(own.url());
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await closeDatabase(db);
});

const ahead = () =>
  PARTITIONED_TABLES.flatMap((table) =>
    Array.from({ length: MONTHS_AHEAD }, (_, i) => partitionName(table, addMonths(monthStart(new Date()), i + 1))),
  );

describe('a worker at start', () => {
  it('creates the month partitions ahead before it takes runs', async () => {
    // The database as a migration long ago left it: no partition for the months ahead.
    for (const name of ahead()) await db.$executeRawUnsafe(`DROP TABLE "${name}"`);
    const before = (await listRunPartitions(db)).map((partition) => partition.name);
    for (const name of ahead()) expect(before).not.toContain(name);

    workers.push(...(await Promise.all([0, 1].map(() => startWorker({ databaseUrl: own.url(), retentionDays: null })))));

    const after = (await listRunPartitions(db)).map((partition) => partition.name);
    for (const table of PARTITIONED_TABLES) {
      for (let month = 0; month <= MONTHS_AHEAD; month++) {
        expect(after.filter((name) => name === partitionName(table, addMonths(monthStart(new Date()), month)))).toHaveLength(1);
      }
    }
  });
});
