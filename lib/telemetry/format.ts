// Number and time formatting for the telemetry page. Times are shown in UTC everywhere, so the
// server-rendered HTML and the browser agree, and a shared link means the same to everyone.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export const NO_VALUE = '—';

export function formatInt(value: number): string {
  return integer.format(value);
}

export function formatCompact(value: number): string {
  return compact.format(value);
}

export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? NO_VALUE : `${(ratio * 100).toFixed(1)}%`;
}

export function formatMs(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : `${integer.format(Math.round(value))} ms`;
}

/** Dollars with enough decimals for the small amounts one call costs. */
export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  const digits = Math.abs(value) >= 1 ? 2 : 4;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

const pad = (value: number) => String(value).padStart(2, '0');

function parts(iso: string | Date) {
  const date = new Date(iso);
  return {
    day: `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`,
    shortDay: `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`,
    time: `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`,
  };
}

/** An axis tick: the time of day for windows within a day, the date too for longer ones. */
export function formatTick(iso: string, spanSeconds: number, bucketSeconds: number): string {
  const { shortDay, time } = parts(iso);
  if (bucketSeconds >= 86_400) return shortDay;
  return spanSeconds <= 86_400 ? time : `${shortDay} ${time}`;
}

/**
 * A bucket as a time range: "2026-11-26 10:00–10:15" (full), "11-26 10:00–10:15" (short) or
 * "10:00–10:15" (time, for windows within a day).
 */
export function formatBucketRange(iso: string, bucketSeconds: number, style: 'full' | 'short' | 'time' = 'full'): string {
  const start = parts(iso);
  const end = parts(new Date(new Date(iso).getTime() + bucketSeconds * 1000));
  const day = (value: ReturnType<typeof parts>) => (style === 'full' ? `${value.day} ` : style === 'short' ? `${value.shortDay} ` : '');
  if (end.day === start.day || (style === 'time' && bucketSeconds < 86_400)) return `${day(start)}${start.time}–${end.time}`;
  return `${day(start)}${start.time} – ${style === 'time' ? `${end.shortDay} ` : day(end)}${end.time}`;
}

/** A point in time: "2026-11-26 10:07 UTC". */
export function formatUtc(iso: string | Date): string {
  const { day, time } = parts(iso);
  return `${day} ${time} UTC`;
}

/** A time of day to the second: "10:07:42 UTC". */
export function formatUtcTime(iso: string | Date): string {
  const date = new Date(iso);
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`;
}

/** A duration as people say it: "40 s", "3 min", "2.5 h", "3 days". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Number((seconds / 3600).toFixed(1))} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

export function formatBucketWidth(bucketSeconds: number): string {
  if (bucketSeconds % 604_800 === 0) return `${bucketSeconds / 604_800}-week`;
  if (bucketSeconds % 86_400 === 0) return `${bucketSeconds / 86_400}-day`;
  if (bucketSeconds % 3600 === 0) return `${bucketSeconds / 3600}-hour`;
  return `${Math.round(bucketSeconds / 60)}-minute`;
}
