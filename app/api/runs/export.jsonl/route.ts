import type { NextRequest } from 'next/server';
import { jsonlAttachment, runsChatJsonl } from '@/lib/runs/export-chat-jsonl';
import { jsonError } from '@/lib/runs/http';
import { parseRunListParams } from '@/lib/runs/list-runs';
import { database } from '@/lib/store/database';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The runs of the runs list (same filters and order, `limit` runs — default 50, at most 200 — from
 * `cursor`) as OpenAI chat JSONL, one line per run, streamed. `x-switchboard-next-cursor` continues
 * the export when there are more; `x-switchboard-run-count` says how many lines follow.
 */
export async function GET(request: NextRequest) {
  const parsed = parseRunListParams(request.nextUrl.searchParams);
  if (!parsed.ok) return jsonError(400, parsed.message, { issues: parsed.issues });
  const page = await runsChatJsonl(database(), parsed.params);
  return jsonlAttachment(page.lines(), 'runs.jsonl', {
    'x-switchboard-run-count': String(page.runIds.length),
    ...(page.nextCursor ? { 'x-switchboard-next-cursor': page.nextCursor } : {}),
  });
}
