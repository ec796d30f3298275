// A time typed in a field as the console writes times: "2025-01-02 15:04:05", 24-hour, in UTC —
// the same text in every browser, whatever its locale and time zone (a datetime-local input shows
// the browser's own format, e.g. "01/02/2025, 03:04:05 PM").

/** The shape the fields ask for (their placeholder, and the words of their error). */
export const UTC_TIME_FORMAT = 'YYYY-MM-DD HH:MM';

/** "2025-01-02 15:04:05" (`seconds`) or "2025-01-02 15:04" of an ISO time; '' when there is none. */
export function utcTimeText(iso: string | Date | undefined, precision: 'seconds' | 'minutes' = 'seconds'): string {
  if (!iso) return '';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '';
  return date
    .toISOString()
    .slice(0, precision === 'seconds' ? 19 : 16)
    .replace('T', ' ');
}

const TYPED = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(?:Z|UTC)?$/i;

/**
 * The ISO time of a typed UTC time: "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or with ":SS" (a "T" for the
 * space and a closing "Z" or "UTC" are read too); null when the text is no such time, or names a
 * day or an hour that does not exist (2025-02-30, 24:00).
 */
export function parseUtcTimeText(text: string): string | null {
  const match = TYPED.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hours = 0, minutes = 0, seconds = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  const date = new Date(Date.UTC(year!, month! - 1, day!, hours, minutes, seconds));
  const same =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hours &&
    date.getUTCMinutes() === minutes &&
    date.getUTCSeconds() === seconds;
  return same ? date.toISOString() : null;
}
