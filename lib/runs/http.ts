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

/** `Last-Event-ID` / `?after=`: the last seq the client has (−1 or absent: from the start). */
export function parseAfter(value: string | null): { ok: true; after: number } | { ok: false; message: string } {
  if (value === null || value.trim() === '') return { ok: true, after: -1 };
  if (!/^-?\d{1,9}$/.test(value.trim())) return { ok: false, message: 'Last-Event-ID / after must be a whole number (the last seq received).' };
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
