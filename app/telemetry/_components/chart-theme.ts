// Recharts styling shared by the telemetry charts: colors come from CSS variables (globals.css and
// TelemetryDashboard.module.css), so the charts follow the console's dark theme.
import type { CSSProperties } from 'react';

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

export const CHART_HEIGHT = 220;

export const chartStyle: CSSProperties = { width: '100%', height: CHART_HEIGHT };
export const chartMargin = { top: 8, right: 8, bottom: 0, left: 0 };

export const axisProps = {
  stroke: 'var(--panel-border)',
  tick: { fill: 'var(--muted)', fontSize: 11 },
  tickLine: false,
} as const;

export const gridProps = { stroke: 'var(--grid)', strokeDasharray: '3 3', vertical: false } as const;

export const tooltipProps = {
  contentStyle: {
    background: 'var(--tooltip-bg)',
    border: '1px solid var(--panel-border)',
    borderRadius: 6,
    fontSize: 12,
    color: 'var(--text)',
  },
  labelStyle: { color: 'var(--text)', fontWeight: 600, marginBottom: 4 },
  itemStyle: { padding: 0 },
  cursor: { fill: 'rgba(124, 183, 255, 0.08)' },
  // Keep the series order of the chart (the default sorts by name).
  itemSorter: () => 0,
} as const;

/** Bucketed bar charts: up to 100 buckets, so bars sit close together. */
export const barLayoutProps = { barCategoryGap: '12%', barGap: 0 } as const;

export const legendProps = {
  wrapperStyle: { fontSize: 12, color: 'var(--muted)', paddingTop: 4 },
  iconSize: 10,
  itemSorter: null,
} as const;

/**
 * Dots on a line series only when they help: few values, so that a lone value between empty
 * buckets is still visible. Dense lines read better without them.
 */
export function lineDots<T>(points: readonly T[], value: (point: T) => number | null): false | { r: number } {
  const present = points.filter((point) => value(point) !== null).length;
  return present <= 48 ? { r: 2.5 } : false;
}
