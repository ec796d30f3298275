import { services } from '@/lib/agent/services';
import { exportRunBundle } from '@/lib/store/export-bundle';
import { jsonAttachment, runIdOr400, unknownRun } from '@/lib/runs/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The whole run as one redacted JSON bundle: `run-<id>.json`. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const checked = runIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  const bundle = await exportRunBundle(services().db, checked.id);
  if (!bundle) return unknownRun(checked.id);
  return jsonAttachment(bundle, `run-${checked.id}.json`);
}
