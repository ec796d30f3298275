import { comparisonIdOr400, unknownComparison } from '@/lib/runs/http';
import { getComparisonView } from '@/lib/runs/comparison-view';
import { database } from '@/lib/store/database';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The comparison as its page shows it: members, turns aligned by index, summaries, best of each metric, answer diffs. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const checked = comparisonIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  const view = await getComparisonView(database(), checked.id);
  if (!view) return unknownComparison(checked.id);
  return Response.json(view, { headers: { 'cache-control': 'no-store' } });
}
