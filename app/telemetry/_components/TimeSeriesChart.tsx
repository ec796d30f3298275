'use client';
// recharts 3 renders nothing on the server, so the plot loads on its own, in the browser only
// (next/dynamic, ssr: false, from recharts/plots.ts: one chunk for every plot): its code stays out
// of every other page and out of this page's first paint. The legend is rendered with the page,
// and a placeholder of the plot's exact size holds its place until it is drawn, so nothing moves
// when it arrives.
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { TIME_SERIES_PLOT_HEIGHT } from './chart-series';
import { ChartPlaceholder } from './ChartPlaceholder';
import type { TimeSeriesPlotProps } from './recharts/TimeSeriesPlot';
import { SeriesLegend } from './SeriesLegend';
import styles from './TimeSeriesChart.module.css';

const TimeSeriesPlot = dynamic(() => import('./recharts/plots').then((plots) => plots.TimeSeriesPlot), {
  ssr: false,
  loading: () => <ChartPlaceholder height={TIME_SERIES_PLOT_HEIGHT} />,
}) as <T>(props: TimeSeriesPlotProps<T>) => React.ReactNode;

/**
 * A time-bucketed chart: its legend (buttons that show and hide series) above its plot; the plot
 * starts over when `windowKey` changes (ChartContext.windowKey).
 */
export function TimeSeriesChart<T>({ windowKey, ...props }: Omit<TimeSeriesPlotProps<T>, 'hidden'> & { windowKey: string }) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (key: string) =>
    setHidden((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <div className={styles.chart}>
      <SeriesLegend title={props.title} series={props.series} hidden={hidden} onToggle={toggle} />
      <TimeSeriesPlot key={windowKey} {...props} hidden={hidden} />
    </div>
  );
}
