import { parseRunId } from './run-id';

/** JSON error answers shared by the runs route handlers: `{ error }` with a status. */
export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error, ...extra }, { status, headers: { 'cache-control': 'no-store' } });
}

/** A malformed id is a 400 (nothing is queried); the caller answers 404 for a well-formed unknown one. */
export function runIdOr400(raw: string): { id: string } | { response: Response } {
  const parsed = parseRunId(raw);
  return parsed.ok ? { id: parsed.id } : { response: jsonError(400, parsed.message) };
}

export function unknownRun(id: string): Response {
  return jsonError(404, `No run with id ${id}.`);
}

/** Comparison ids are UUIDs too: a malformed one is a 400, nothing queried. */
export function comparisonIdOr400(raw: string): { id: string } | { response: Response } {
  const parsed = parseRunId(raw);
  return parsed.ok ? { id: parsed.id } : { response: jsonError(400, parsed.message.replaceAll('run id', 'comparison id')) };
}

export function unknownComparison(id: string): Response {
  return jsonError(404, `No comparison with id ${id}.`);
}

/** The database did not answer (restarting, unreachable): worth trying again, unlike a 500. */
export function databaseUnavailable(retryAfterSeconds = 2): Response {
  return Response.json(
    { error: 'The database is not answering; try again shortly.' },
    { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': String(retryAfterSeconds) } },
  );
}

/** `Last-Event-ID` / `?after=`: the last seq the client has (−1 or absent: from the start). */
export function parseAfter(value: string | null): { ok: true; after: number } | { ok: false; message: string } {
  if (value === null || value.trim() === '') return { ok: true, after: -1 };
  if (!/^-?\d{1,9}$/.test(value.trim()))
    return { ok: false, message: 'Last-Event-ID / after must be a whole number (the last seq received).' };
  return { ok: true, after: Math.max(-1, Number(value.trim())) };
}

/** A JSON file download. */
export function jsonAttachment(document: unknown, filename: string): Response {
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9_.-]/g, '_')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** A CSV file download. */
export function csvAttachment(text: string, filename: string): Response {
  return new Response(text, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9_.-]/g, '_')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

export const MAX_JSON_BODY_BYTES = 256 * 1024;

/**
 * Reads a JSON body of at most `maxBytes` (the declared length is checked first, then the bytes as
 * they arrive): an oversized body is refused without being buffered whole. `empty`: the value of a
 * body with nothing in it (otherwise that is not JSON).
 */
export async function readJsonLimited(
  request: Request,
  maxBytes: number = MAX_JSON_BODY_BYTES,
  empty?: { value: unknown },
): Promise<{ ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string }> {
  const tooLarge = { ok: false as const, status: 413 as const, message: `The body is larger than ${Math.round(maxBytes / 1024)} KiB.` };
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return tooLarge;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooLarge;
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (empty && text.trim() === '') return { ok: true, value: empty.value };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, message: 'The body is not valid JSON.' };
  }
}

/**
 * The JSON body of a command on a run (fork, replay, compare …). JSON only, as `POST /api/runs`:
 * a cross-site form or `text/plain` request cannot start runs. `emptyAs`: what an empty body means
 * (a command without input); without it an empty body is not JSON.
 */
export async function readJsonCommand(
  request: Request,
  options: { emptyAs?: unknown } = {},
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? ''))
    return { ok: false, response: jsonError(415, 'Send the command as JSON (content-type: application/json).') };
  const body = await readJsonLimited(request, MAX_JSON_BODY_BYTES, 'emptyAs' in options ? { value: options.emptyAs } : undefined);
  if (!body.ok) return { ok: false, response: fieldErrorsResponse(body.status, body.message, { form: [body.message] }) };
  return { ok: true, value: body.value };
}

/** `{ message, fieldErrors }` with a status: input the server refuses, each message under its field (`form`: the whole input). */
export function fieldErrorsResponse(status: number, message: string, fieldErrors: Record<string, string[]>): Response {
  return Response.json({ message, fieldErrors }, { status, headers: { 'cache-control': 'no-store' } });
}

/** A command on a run refused: 404 for a run that does not exist, else 400 with the field errors. Nothing was written. */
export function commandRefused(
  runId: string,
  refusal: { notFound?: true; fieldErrors: Record<string, string[]>; message: string },
): Response {
  return refusal.notFound ? unknownRun(runId) : fieldErrorsResponse(400, refusal.message, refusal.fieldErrors);
}

type RunCommandRefusal = { ok: false; notFound?: true; fieldErrors: Record<string, string[]>; message: string };

/**
 * `POST /api/runs/[id]/<command>`: the run id checked, the JSON body read, the command run on them;
 * its refusal answered by `commandRefused`, its result by `answer` (201, or 200 when the idempotency
 * key had already started it).
 */
export function runCommandRoute<Result extends { ok: true; replayed?: boolean }>(
  command: (runId: string, body: unknown) => Promise<Result | RunCommandRefusal>,
  answer: (result: Result) => { body: object; location?: string },
) {
  return async (request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> => {
    const checked = runIdOr400((await context.params).id);
    if ('response' in checked) return checked.response;
    const body = await readJsonCommand(request);
    if (!body.ok) return body.response;
    const result = await command(checked.id, body.value);
    if (!result.ok) return commandRefused(checked.id, result);
    const { body: json, location } = answer(result);
    return Response.json(json, { status: result.replayed ? 200 : 201, ...(location ? { headers: { location } } : {}) });
  };
}
