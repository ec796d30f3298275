// Colors and number formats shared by the telemetry charts. Colors come from CSS variables
// (globals.css and TelemetryDashboard.module.css), so the charts follow the console's dark theme.
import { formatInt } from '@/lib/telemetry/format';

export const SERIES = {
  ok: 'var(--series-ok)',
  warn: 'var(--series-warn)',
  bad: 'var(--series-bad)',
  accent: 'var(--series-accent)',
  violet: 'var(--series-violet)',
  teal: 'var(--series-teal)',
  orange: 'var(--series-orange)',
  pink: 'var(--series-pink)',
  muted: 'var(--series-muted)',
} as const;

/** A count in a tooltip (a missing value is a dash). */
export const count = (value: number | null) => (value === null ? '–' : formatInt(value));

/** A ratio axis tick: 0.25 → "25%". */
export const percentTick = (value: number) => `${Math.round(value * 100)}%`;
