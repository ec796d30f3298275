import type { NextRequest } from 'next/server';
import { comparisonCsv } from '@/lib/runs/comparison-csv';
import { getComparisonView } from '@/lib/runs/comparison-view';
import { comparisonIdOr400, csvAttachment, jsonAttachment, jsonError, unknownComparison } from '@/lib/runs/http';
import { database } from '@/lib/store/database';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The comparison as a download: `?format=json` (the view, the default) or `csv` (a row per turn and run, then per run). */
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const checked = comparisonIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  const format = request.nextUrl.searchParams.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return jsonError(400, `format is json or csv, not ${JSON.stringify(format.slice(0, 40))}.`);
  const view = await getComparisonView(database(), checked.id);
  if (!view) return unknownComparison(checked.id);
  return format === 'csv'
    ? csvAttachment(comparisonCsv(view), `comparison-${checked.id}.csv`)
    : jsonAttachment(view, `comparison-${checked.id}.json`);
}
