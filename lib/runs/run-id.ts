import { z } from 'zod';

/** Run ids are UUIDs (v7, from Postgres). Anything else is refused before a query runs. */
export const runIdSchema = z.uuid({ message: 'a run id is a UUID such as 0199d2c4-7a1e-7b3c-9f00-1234567890ab' });

export type ParsedRunId = { ok: true; id: string } | { ok: false; message: string };

export function parseRunId(value: unknown): ParsedRunId {
  const parsed = runIdSchema.safeParse(value);
  return parsed.success
    ? { ok: true, id: parsed.data.toLowerCase() }
    : { ok: false, message: `Malformed run id: ${parsed.error.issues[0]?.message ?? 'not a UUID'}.` };
}
