// The telemetry window and filters as they live in the URL (?window=24h&provider=…&model=…, or
// ?window=custom&from=<ISO>&to=<ISO>): what they mean, with no zod, so the browser can read them
// too. The server validates them with window-schema.ts.
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

/** An ISO 8601 date-time with a time zone, as the URL carries it (Date.parse alone takes far more). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** What the URL's fields (each valid on its own) stand for, or the sentence saying why nothing. */
export type SearchOf = { success: true; search: TelemetrySearch } | { success: false; error: string; path?: 'to' };

/**
 * The search that URL fields stand for: the default window, `custom` when from/to are given, and
 * a custom window's checks (both ends, at least a minute, at most MAX_CUSTOM_DAYS). The zod schema
 * (window-schema.ts) runs it after checking each field's format; the browser runs it on its own
 * URL and on the custom-window form, without zod in its bundle.
 */
export function searchOf(fields: { window?: WindowKind; from?: string; to?: string; provider?: string; model?: string }): SearchOf {
  const window = fields.window ?? (fields.from || fields.to ? 'custom' : DEFAULT_WINDOW);
  const base = {
    window,
    ...(fields.provider ? { provider: fields.provider } : {}),
    ...(fields.model ? { model: fields.model } : {}),
  };
  if (window !== 'custom') return { success: true, search: base };
  if (!fields.from || !fields.to) return { success: false, error: 'a custom window needs both from and to' };
  if (!ISO_DATE_TIME.test(fields.from) || !ISO_DATE_TIME.test(fields.to))
    return { success: false, error: 'from and to must be date-times' };
  const from = Date.parse(fields.from);
  const to = Date.parse(fields.to);
  const span = (to - from) / 1000;
  if (span < MIN_CUSTOM_SECONDS) return { success: false, path: 'to', error: 'to must be at least one minute after from' };
  if (span > MAX_CUSTOM_DAYS * 86_400)
    return { success: false, path: 'to', error: `a custom window spans at most ${MAX_CUSTOM_DAYS} days` };
  return { success: true, search: { ...base, from: new Date(from).toISOString(), to: new Date(to).toISOString() } };
}

export type RawSearch = URLSearchParams | Record<string, string | string[] | undefined>;

/** First value of each known parameter; empty strings count as absent. */
export function pickSearchFields(raw: RawSearch): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['window', 'from', 'to', 'provider', 'model']) {
    const value = raw instanceof URLSearchParams ? raw.get(key) : raw[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && first.trim() !== '') out[key] = first;
  }
  return out;
}

/**
 * The search of a URL the page itself wrote (the browser following back/forward): its fields as
 * they are, with the defaults of `searchOf`; null when they make no window. The server validates
 * each field when the page fetches it (GET /api/telemetry answers 400 with the reason).
 */
export function readTelemetrySearch(raw: RawSearch): TelemetrySearch | null {
  const fields = pickSearchFields(raw);
  const kind = fields.window;
  if (kind !== undefined && !(WINDOW_KINDS as readonly string[]).includes(kind)) return null;
  const result = searchOf({ ...fields, window: kind as WindowKind | undefined });
  return result.success ? result.search : null;
}

/** The window a search stands for at `now` (relative windows end at `now`). */
export function resolveWindow(search: TelemetrySearch, now: Date = new Date()): ResolvedWindow {
  const to = search.window === 'custom' ? new Date(search.to!) : now;
  const from = search.window === 'custom' ? new Date(search.from!) : new Date(now.getTime() - WINDOW_PRESETS[search.window].seconds * 1000);
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
