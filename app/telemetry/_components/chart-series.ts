// What a telemetry chart draws, in the terms of its data: series of one point type, their axes
// and where a click leads. Plain types and functions, so the panels that declare their series do
// not pull in the chart library (recharts loads on its own, see TimeSeriesChart.tsx).

export type ChartSeries<T> = {
  key: string;
  name: string;
  color: string;
  kind: 'bar' | 'line';
  /** Bars with the same stack are stacked in one slot; other bars get a slot each. */
  stack?: string;
  axis?: 'left' | 'right';
  dashed?: boolean;
  /** A line drawn across buckets without a value (a gauge sampled now and then), instead of gaps. */
  connectNulls?: boolean;
  value: (point: T) => number | null;
  format: (value: number | null) => string;
  /** Where a click on this series' bar leads (the column's runs otherwise; null: nowhere). */
  href?: (point: T) => string | null;
};

/** Shaded spans over a run of buckets (cooldowns), by bucket index, both ends included. */
export type ChartBand = { startIndex: number; endIndex: number; label: string };

export type ChartAxis = {
  format: (value: number) => string;
  /** A fixed top (e.g. 1 for ratios). */
  max?: number;
  /** Whole numbers only (counts): no ticks between them. */
  integer?: boolean;
};

/** A window picked on a chart's time axis (ISO times), for the page to show instead. */
export type ChartWindow = { from: string; to: string };

/** Height of a time-series plot (with its axes and brush), also held by its placeholder. */
export const TIME_SERIES_PLOT_HEIGHT = 250;

/** Height of a category bar chart of `count` bars (errors by kind). */
export function categoryChartHeight(count: number): number {
  return Math.max(96, 30 + count * 28);
}
