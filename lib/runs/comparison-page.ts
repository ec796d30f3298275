import 'server-only';
import type { RunEventRecord } from '@/lib/run-events/schema';
import { SNAPSHOT_READ_OPTIONS, type Database } from '@/lib/store/database';
import { getComparisonView, type ComparisonView } from './comparison-view';
import { getRunSummary, listRunEvents, type RunSummary } from './run-detail';

/** A member run as its live column starts: its header, and its log from its current turn on (of one snapshot). */
export type ComparisonLiveMember = { run: RunSummary; events: RunEventRecord[] };

export type ComparisonPage = { view: ComparisonView; live: ComparisonLiveMember[] };

/** The comparison's member runs in column order; null when there is no such comparison. */
export async function comparisonRunIds(db: Pick<Database, 'comparison'>, comparisonId: string): Promise<string[] | null> {
  const comparison = await db.comparison.findUnique({
    where: { id: comparisonId },
    select: { members: { orderBy: { position: 'asc' }, select: { runId: true } } },
  });
  return comparison ? comparison.members.map((member) => member.runId) : null;
}

/**
 * `/compare/[id]`'s first render. The live columns: each member's header and the events of its current
 * turn (the last `turn-start` on; the whole log would be replayed for a column that shows one turn),
 * all read in one snapshot, so a column's header is neither older nor newer than the last event it
 * replays, and its stream continues after that event. The aligned view is read after the snapshot:
 * never older than where the streams continue, so the refreshes they trigger keep it current.
 */
export async function getComparisonPage(db: Database, comparisonId: string): Promise<ComparisonPage | null> {
  const runIds = await comparisonRunIds(db, comparisonId);
  if (!runIds) return null;
  const live = await db.$transaction(async (tx) => {
    const members: ComparisonLiveMember[] = [];
    for (const runId of runIds) {
      const run = await getRunSummary(tx, runId);
      if (!run) continue;
      const turnStart = await tx.runEvent.findFirst({
        where: { runId, type: 'turn-start' },
        orderBy: { seq: 'desc' },
        select: { seq: true },
      });
      members.push({ run, events: await listRunEvents(tx, runId, (turnStart?.seq ?? 0) - 1) });
    }
    return members;
  }, SNAPSHOT_READ_OPTIONS);
  const view = await getComparisonView(db, comparisonId);
  return view && { view, live };
}
