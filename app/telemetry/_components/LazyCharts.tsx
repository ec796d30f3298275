'use client';
// The telemetry charts load recharts on their own, in the browser only: recharts 3 renders
// nothing on the server, and this keeps its code out of every other page and out of the first
// paint of this one. Until it has loaded, a placeholder of the chart's exact size holds its place.
import dynamic from 'next/dynamic';
import type { ComponentType } from 'react';
import { categoryChartHeight, TIME_SERIES_HEIGHT } from './chart-series';
import { ChartPlaceholder } from './ChartPlaceholder';
import type { CategoryBarChartProps } from './recharts/CategoryBarRecharts';
import type { TimeSeriesChartProps } from './recharts/TimeSeriesRecharts';

export const TimeSeriesChart = dynamic(() => import('./recharts/TimeSeriesRecharts'), {
  ssr: false,
  loading: () => <ChartPlaceholder height={TIME_SERIES_HEIGHT} />,
}) as <T>(props: TimeSeriesChartProps<T>) => React.ReactNode;

const LazyCategoryBarChart = dynamic(() => import('./recharts/CategoryBarRecharts'), {
  ssr: false,
  loading: () => <ChartPlaceholder height="100%" />,
}) as ComponentType<CategoryBarChartProps>;

/** Bars per category (errors by kind); its placeholder is as tall as its bars will be. */
export function CategoryBarChart(props: CategoryBarChartProps) {
  return (
    <div style={{ height: categoryChartHeight(props.bars.length) }}>
      <LazyCategoryBarChart {...props} />
    </div>
  );
}
