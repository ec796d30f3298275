'use client';

import type { ChartSeries } from '../chart-series';
import { SeriesSwatch } from '../SeriesLegend';
import styles from './charts.module.css';

/** The tooltip of a bucket: its time range and every shown series' value, in the chart's order. */
export function SeriesTooltip<T>({ point, title, series }: { point: T; title: string; series: ChartSeries<T>[] }) {
  return (
    <div className={styles.tooltip} data-testid="chart-tooltip">
      <div className={styles.tooltipTitle}>{title}</div>
      {series.map((entry) => (
        <div key={entry.key} className={styles.tooltipRow}>
          <SeriesSwatch entry={entry} />
          <span>{entry.name}</span>
          <span className={styles.tooltipValue}>{entry.format(entry.value(point))}</span>
        </div>
      ))}
    </div>
  );
}
