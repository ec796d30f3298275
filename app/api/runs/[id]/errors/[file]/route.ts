import { jsonAttachment, jsonError, runIdOr400, unknownRun } from '@/lib/runs/http';
import { errorArtifactFileName, parseErrorArtifactFileName, turnNumber } from '@/lib/run-events/turn-number';
import { findRunStatus, getErrorArtifactDocument } from '@/lib/runs/run-detail';
import { database } from '@/lib/store/database';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** A failed turn's error artifact as a download: `errors/turn_<n>.json`. */
export async function GET(_request: Request, context: { params: Promise<{ id: string; file: string }> }) {
  const params = await context.params;
  const checked = runIdOr400(params.id);
  if ('response' in checked) return checked.response;
  const turnIndex = parseErrorArtifactFileName(params.file);
  if (turnIndex === null) return jsonError(400, 'The file name must be turn_<n>.json (n: the turn’s number, from 1).');
  const db = database();
  if (!(await findRunStatus(db, checked.id))) return unknownRun(checked.id);
  const document = await getErrorArtifactDocument(db, checked.id, turnIndex);
  if (document === null) return jsonError(404, `Run ${checked.id} has no error artifact for turn ${turnNumber(turnIndex)}.`);
  return jsonAttachment(document, errorArtifactFileName(turnIndex));
}
