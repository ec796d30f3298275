import type { NextRequest } from 'next/server';
import { startComparison } from '@/lib/runs/comparisons';
import { jsonError, readJsonLimited } from '@/lib/runs/http';
import { listComparisons, parseComparisonListParams } from '@/lib/runs/list-comparisons';
import { database } from '@/lib/store/database';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Comparisons, newest first: `?limit=` (1–100, default 25) and `?cursor=` (the page's `nextCursor`). */
export async function GET(request: NextRequest) {
  const parsed = parseComparisonListParams(request.nextUrl.searchParams);
  if (!parsed.ok) return jsonError(400, parsed.message, { issues: parsed.issues });
  return Response.json(await listComparisons(database(), parsed.params), { headers: { 'cache-control': 'no-store' } });
}

/**
 * Starts a comparison: the body is `startComparison`'s input (the New run form's fields with
 * `profileNames`, 2–6 of them, in place of `profileName`). 201 `{ comparisonId, runIds }`, or 400
 * `{ message, fieldErrors }` with nothing written. JSON only, like POST /api/runs.
 */
export async function POST(request: NextRequest) {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    return jsonError(415, 'Send the comparison as JSON (content-type: application/json).');
  }
  const body = await readJsonLimited(request);
  if (!body.ok) return Response.json({ message: body.message, fieldErrors: { form: [body.message] } }, { status: body.status });
  const result = await startComparison(body.value);
  if (!result.ok) return Response.json({ message: result.message, fieldErrors: result.fieldErrors }, { status: 400 });
  return Response.json(
    { comparisonId: result.comparisonId, runIds: result.runIds },
    { status: result.replayed ? 200 : 201, headers: { location: `/api/comparisons/${result.comparisonId}` } },
  );
}
