// Test support: what the live run log is read with — a database handle and a run-event hub on the
// test database — for one test file, closed after its tests.
import { afterAll, inject } from 'vitest';
import { closeDatabase, createDatabase, type Database } from '@/lib/store/database';
import { RunEventHub } from '../run-event-hub';

export function useLiveRunLog(): { db: Database; hub: RunEventHub } {
  const db = createDatabase(inject('databaseUrl'));
  const hub = new RunEventHub(inject('databaseUrl'), { idleCloseMs: 50 });
  afterAll(async () => {
    await hub.close();
    await closeDatabase(db);
  });
  return { db, hub };
}
