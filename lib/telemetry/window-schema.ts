// The telemetry URL validated with zod, for the page and the route handler alike (server side:
// the browser reads its own URLs with window.ts, zod staying out of its bundle).
import 'server-only';
import { z } from 'zod';
import {
  pickSearchFields,
  resolveWindow,
  searchOf,
  WINDOW_KINDS,
  type RawSearch,
  type ResolvedWindow,
  type TelemetrySearch,
} from './window';

export type ParseResult = { success: true; data: ResolvedWindow } | { success: false; error: string };

const isoDateTime = (name: string) =>
  z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 date-time with a time zone, e.g. 2026-11-26T10:00:00Z` });

const filterValue = (name: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(200, { error: `${name} is longer than 200 characters` });

const searchSchema = z
  .object({
    window: z.enum(WINDOW_KINDS, { error: `window must be one of ${WINDOW_KINDS.join(', ')}` }).optional(),
    from: isoDateTime('from').optional(),
    to: isoDateTime('to').optional(),
    provider: filterValue('provider').optional(),
    model: filterValue('model').optional(),
  })
  .transform((value, context): TelemetrySearch => {
    const result = searchOf(value);
    if (result.success) return result.search;
    context.addIssue({ code: 'custom', message: result.error, ...(result.path ? { path: [result.path] } : {}) });
    return z.NEVER;
  });

/** Parses and validates URL search params; `error` is one readable sentence for a 400. */
export function parseTelemetrySearch(raw: RawSearch, now: Date = new Date()): ParseResult {
  const parsed = searchSchema.safeParse(pickSearchFields(raw));
  if (!parsed.success) {
    const error = parsed.error.issues
      .map((issue) =>
        issue.path.length && !issue.message.startsWith(String(issue.path[0])) ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
      )
      .join('; ');
    return { success: false, error: `Invalid telemetry parameters: ${error}` };
  }
  return { success: true, data: resolveWindow(parsed.data, now) };
}
