import 'server-only';
import type { Database } from '@/lib/store/database';

/** What retention removed (lib/store/run-retention.ts), for the runs list: the latest pass. */
export type RetentionNotice = { removedBefore: string; retentionDays: number };

export async function retentionNotice(db: Database): Promise<RetentionNotice | null> {
  const last = await db.retentionSweep.findFirst({ orderBy: [{ removedBefore: 'desc' }, { sweptAt: 'desc' }] });
  return last ? { removedBefore: last.removedBefore.toISOString(), retentionDays: last.retentionDays } : null;
}
