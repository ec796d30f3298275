/**
 * Where a comparison's multiplexed stream (`GET /api/comparisons/[id]/events`) is: for each member
 * run, in column order, the last seq received (−1: none), written `12.-1.40`. Each event's SSE `id`
 * is the cursor after it, so a reconnecting EventSource's `Last-Event-ID` (or `?after=`) says where
 * every member continues. Client-safe.
 */
export type ComparisonCursor = number[];

export function formatComparisonCursor(cursor: readonly number[]): string {
  return cursor.join('.');
}

/** The cursor of a stream over `members` runs; blank or absent: all from the start. */
export function parseComparisonCursor(
  value: string | null,
  members: number,
): { ok: true; cursor: ComparisonCursor } | { ok: false; message: string } {
  if (value === null || value.trim() === '') return { ok: true, cursor: Array.from({ length: members }, () => -1) };
  const parts = value.trim().split('.');
  if (parts.length !== members || !parts.every((part) => /^-?\d{1,9}$/.test(part)))
    return {
      ok: false,
      message: `Last-Event-ID / after is the last seq received from each of the ${members} runs, joined by dots (such as ${Array.from({ length: members }, (_, index) => (index ? -1 : 12)).join('.')}).`,
    };
  return { ok: true, cursor: parts.map((part) => Math.max(-1, Number(part))) };
}
