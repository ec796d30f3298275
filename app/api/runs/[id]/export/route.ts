import type { NextRequest } from 'next/server';
import { jsonlAttachment, runChatJsonlLine } from '@/lib/runs/export-chat-jsonl';
import { jsonAttachment, jsonError, runIdOr400, unknownRun } from '@/lib/runs/http';
import { database } from '@/lib/store/database';
import { exportRunBundle } from '@/lib/store/export-bundle';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The whole run as one redacted JSON bundle: `run-<id>.json` (what `npm run import` loads).
 * `?format=jsonl`: the conversation as one line of OpenAI chat JSONL, `run-<id>.jsonl`.
 */
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const checked = runIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  const format = request.nextUrl.searchParams.get('format') ?? 'json';
  if (format === 'jsonl') {
    const line = await runChatJsonlLine(database(), checked.id);
    if (line === null) return unknownRun(checked.id);
    return jsonlAttachment([line], `run-${checked.id}.jsonl`);
  }
  if (format !== 'json')
    return jsonError(400, `format is json (the run bundle) or jsonl (OpenAI chat JSONL), not ${JSON.stringify(format)}.`);
  const bundle = await exportRunBundle(database(), checked.id);
  if (!bundle) return unknownRun(checked.id);
  return jsonAttachment(bundle, `run-${checked.id}.json`);
}
