// The telemetry window and filters as they live in the URL (?window=24h&provider=…&model=…, or
// ?window=custom&from=<ISO>&to=<ISO>), parsed with zod for the page and the route handler alike.
import { z } from 'zod';
import { chooseBucketSeconds } from './buckets';

export const WINDOW_PRESETS = {
  '1h': { label: '1 h', seconds: 3600 },
  '24h': { label: '24 h', seconds: 86_400 },
  '7d': { label: '7 d', seconds: 7 * 86_400 },
  '30d': { label: '30 d', seconds: 30 * 86_400 },
} as const;

export type WindowPreset = keyof typeof WINDOW_PRESETS;
export type WindowKind = WindowPreset | 'custom';

export const WINDOW_KINDS = ['1h', '24h', '7d', '30d', 'custom'] as const satisfies readonly WindowKind[];
export const DEFAULT_WINDOW: WindowPreset = '24h';

/** Longest custom window (the week bucket keeps it under 60 points). */
export const MAX_CUSTOM_DAYS = 400;
const MIN_CUSTOM_SECONDS = 60;

/** What the URL says (strings; relative windows stay relative). */
export type TelemetrySearch = {
  window: WindowKind;
  from?: string;
  to?: string;
  provider?: string;
  model?: string;
};

/** What the queries take. */
export type TelemetryQuery = {
  from: Date;
  to: Date;
  bucketSeconds: number;
  provider?: string;
  model?: string;
};

/** A resolved window: the query plus the search it came from. */
export type ResolvedWindow = TelemetryQuery & { search: TelemetrySearch };

export type ParseResult = { success: true; data: ResolvedWindow } | { success: false; error: string };

const isoDateTime = (name: string) =>
  z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 date-time with a time zone, e.g. 2026-11-26T10:00:00Z` });

const filterValue = (name: string) => z.string().trim().min(1).max(200, { error: `${name} is longer than 200 characters` });

const searchSchema = z
  .object({
    window: z.enum(WINDOW_KINDS, { error: `window must be one of ${WINDOW_KINDS.join(', ')}` }).optional(),
    from: isoDateTime('from').optional(),
    to: isoDateTime('to').optional(),
    provider: filterValue('provider').optional(),
    model: filterValue('model').optional(),
  })
  .transform((value, context): TelemetrySearch => {
    const window = value.window ?? (value.from || value.to ? 'custom' : DEFAULT_WINDOW);
    const base = {
      window,
      ...(value.provider ? { provider: value.provider } : {}),
      ...(value.model ? { model: value.model } : {}),
    };
    if (window !== 'custom') return base;
    if (!value.from || !value.to) {
      context.addIssue({ code: 'custom', message: 'a custom window needs both from and to' });
      return z.NEVER;
    }
    const span = (Date.parse(value.to) - Date.parse(value.from)) / 1000;
    if (span < MIN_CUSTOM_SECONDS) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'to must be at least one minute after from' });
      return z.NEVER;
    }
    if (span > MAX_CUSTOM_DAYS * 86_400) {
      context.addIssue({ code: 'custom', path: ['to'], message: `a custom window spans at most ${MAX_CUSTOM_DAYS} days` });
      return z.NEVER;
    }
    return { ...base, from: new Date(value.from).toISOString(), to: new Date(value.to).toISOString() };
  });

type RawSearch = URLSearchParams | Record<string, string | string[] | undefined>;

/** First value of each known parameter; empty strings count as absent. */
function pick(raw: RawSearch): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['window', 'from', 'to', 'provider', 'model']) {
    const value = raw instanceof URLSearchParams ? raw.get(key) : raw[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && first.trim() !== '') out[key] = first;
  }
  return out;
}

/** The window a search stands for at `now` (relative windows end at `now`). */
export function resolveWindow(search: TelemetrySearch, now: Date = new Date()): ResolvedWindow {
  const to = search.window === 'custom' ? new Date(search.to!) : now;
  const from =
    search.window === 'custom' ? new Date(search.from!) : new Date(now.getTime() - WINDOW_PRESETS[search.window].seconds * 1000);
  const bucketSeconds = chooseBucketSeconds((to.getTime() - from.getTime()) / 1000);
  return {
    from,
    to,
    bucketSeconds,
    ...(search.provider ? { provider: search.provider } : {}),
    ...(search.model ? { model: search.model } : {}),
    search,
  };
}

/** Parses and validates URL search params; `error` is one readable sentence for a 400. */
export function parseTelemetrySearch(raw: RawSearch, now: Date = new Date()): ParseResult {
  const parsed = searchSchema.safeParse(pick(raw));
  if (!parsed.success) {
    const error = parsed.error.issues
      .map((issue) => (issue.path.length && !issue.message.startsWith(String(issue.path[0])) ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    return { success: false, error: `Invalid telemetry parameters: ${error}` };
  }
  return { success: true, data: resolveWindow(parsed.data, now) };
}

/** The canonical query string of a search (stable key order, defaults kept explicit). */
export function searchToQueryString(search: TelemetrySearch): string {
  const params = new URLSearchParams({ window: search.window });
  if (search.window === 'custom') {
    if (search.from) params.set('from', search.from);
    if (search.to) params.set('to', search.to);
  }
  if (search.provider) params.set('provider', search.provider);
  if (search.model) params.set('model', search.model);
  return params.toString();
}
