/** One figure of one pass of a bench: its value, and the target it is judged against. */
export type BenchFigure = { name: string; value: number | null; unit: string; target: Target };

/**
 * A target a figure must meet, or 'report' (shown, never judged). A measured target (≤, <, ≥) is
 * judged on the median of the passes; an exact one (=: runs succeeded, events lost) in every pass,
 * since one pass that lost an event is a bug, not noise, and a median would hide it.
 */
export type Target =
  | 'report'
  | {
      op: '≤' | '<' | '=' | '≥';
      limit: number;
      /** Written after the limit: '≤ 60 s'. */
      unit?: string;
      /** Allowed beyond the limit without being shown (a timer's tolerance); ≤ only. */
      slack?: number;
    };

export const REPORT = 'report' as const;
export const atMost = (limit: number, options: { unit?: string; slack?: number } = {}): Target => ({ op: '≤', limit, ...options });
export const below = (limit: number): Target => ({ op: '<', limit });
export const atLeast = (limit: number): Target => ({ op: '≥', limit });
export const exactly = (limit: number): Target => ({ op: '=', limit });

export function targetText(target: Target): string {
  if (target === 'report') return 'report';
  return `${target.op} ${target.limit}${target.unit ? ` ${target.unit}` : ''}`;
}

export function judgedOn(target: Target): 'median' | 'every pass' | 'not judged' {
  if (target === 'report') return 'not judged';
  return target.op === '=' ? 'every pass' : 'median';
}

/** Whether one value meets the target; a value that was not measured (null) never does. */
export function meetsTarget(target: Target, value: number | null): boolean {
  if (target === 'report') return true;
  if (value === null || Number.isNaN(value)) return false;
  switch (target.op) {
    case '≤':
      return value <= target.limit + (target.slack ?? 0);
    case '<':
      return value < target.limit;
    case '=':
      return value === target.limit;
    case '≥':
      return value >= target.limit;
  }
}

/** A bench ready to measure: figures measured once while preparing (seeding, say), the pass to repeat, and what to release after. */
export type PreparedBench = { once?: BenchFigure[]; pass: () => Promise<BenchFigure[]>; close?: () => Promise<void> };
