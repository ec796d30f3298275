import type { NextRequest } from 'next/server';
import { jsonError, parseAfter, runIdOr400, unknownRun } from '@/lib/runs/http';
import { getRunDetail, listRunEvents } from '@/lib/runs/run-detail';
import { database } from '@/lib/store/database';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The run: `{ run, turns: [{ …, calls }], errorArtifacts }` (the run page's first render; live, the
 * same fields arrive as `run-updated` / `turn-summary` events). `?events=1` adds
 * `events: [{ seq, type, payload, createdAt }]` (with `after=<seq>`, only the later ones).
 */
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const checked = runIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  const db = database();
  const detail = await getRunDetail(db, checked.id);
  if (!detail) return unknownRun(checked.id);
  const search = request.nextUrl.searchParams;
  if (search.get('events') !== '1') return Response.json(detail, { headers: { 'cache-control': 'no-store' } });
  const after = parseAfter(search.get('after'));
  if (!after.ok) return jsonError(400, after.message);
  return Response.json(
    { ...detail, events: await listRunEvents(db, checked.id, after.after) },
    { headers: { 'cache-control': 'no-store' } },
  );
}
