import type { NextRequest } from 'next/server';
import { jsonError, readJsonLimited } from '@/lib/runs/http';
import { listRuns, parseRunListParams, runListNavigation } from '@/lib/runs/list-runs';
import { retentionNotice } from '@/lib/runs/retention-notice';
import { startRun } from '@/lib/runs/start-run';
import { database } from '@/lib/store/database';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The runs list: the same query parameters as the /runs page, what its pager shows (a capped total,
 * the newer page), and `retention` — `{ removedBefore, retentionDays }` once retention removed runs.
 */
export async function GET(request: NextRequest) {
  const parsed = parseRunListParams(request.nextUrl.searchParams);
  if (!parsed.ok) return jsonError(400, parsed.message, { issues: parsed.issues });
  const db = database();
  const [page, navigation, retention] = await Promise.all([
    listRuns(db, parsed.params),
    runListNavigation(db, parsed.params),
    retentionNotice(db),
  ]);
  return Response.json({ ...page, ...navigation, retention }, { headers: { 'cache-control': 'no-store' } });
}

/**
 * Starts a run: the body is `startRun`'s input (`{ profileName, task, overrides?, options? }`).
 * 201 `{ runId }`, or 400 `{ message, fieldErrors }` with nothing written. JSON only: a
 * cross-site form or `text/plain` request cannot start runs.
 */
export async function POST(request: NextRequest) {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    return jsonError(415, 'Send the run as JSON (content-type: application/json).');
  }
  const body = await readJsonLimited(request);
  if (!body.ok) return Response.json({ message: body.message, fieldErrors: { form: [body.message] } }, { status: body.status });
  const result = await startRun(body.value);
  if (!result.ok) return Response.json({ message: result.message, fieldErrors: result.fieldErrors }, { status: 400 });
  return Response.json({ runId: result.runId }, { status: 201, headers: { location: `/api/runs/${result.runId}` } });
}
