import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { compareWithParent } from '@/lib/runs/comparisons';
import { commandRefused, fieldErrorsResponse, readJsonCommand, runIdOr400 } from '@/lib/runs/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const noInput = z.strictObject({}, { error: 'Compare with parent takes no input: send {} or nothing' });

/**
 * "Compare with parent": a fork or replay beside the run it came from. JSON, with an empty body or
 * `{}`. 201 `{ comparisonId, runIds }`, or 200 with the comparison made before; 400
 * `{ message, fieldErrors }` for a run without a parent, 404 for an unknown run, with nothing written.
 */
export async function POST(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const checked = runIdOr400((await context.params).id);
  if ('response' in checked) return checked.response;
  const body = await readJsonCommand(request, { emptyAs: {} });
  if (!body.ok) return body.response;
  const input = noInput.safeParse(body.value);
  if (!input.success) return fieldErrorsResponse(400, 'Compare with parent takes no input.', { form: [input.error.issues[0]!.message] });
  const result = await compareWithParent(checked.id);
  if (!result.ok) return commandRefused(checked.id, result);
  return Response.json({ comparisonId: result.comparisonId, runIds: result.runIds }, { status: result.replayed ? 200 : 201 });
}
