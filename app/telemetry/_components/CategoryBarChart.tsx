'use client';
// Loaded like the time-series plots (see TimeSeriesChart.tsx): in the browser only, behind a
// placeholder as tall as its bars will be.
import dynamic from 'next/dynamic';
import { categoryChartHeight } from './chart-series';
import { ChartPlaceholder } from './ChartPlaceholder';
import type { CategoryBarChartProps } from './recharts/CategoryBarPlot';

const CategoryBarPlot = dynamic(() => import('./recharts/plots').then((plots) => plots.CategoryBarPlot), {
  ssr: false,
  loading: () => <ChartPlaceholder height="100%" />,
});

/** One bar per category (errors by kind). */
export function CategoryBarChart(props: CategoryBarChartProps) {
  return (
    <div style={{ height: categoryChartHeight(props.bars.length) }}>
      <CategoryBarPlot {...props} />
    </div>
  );
}
