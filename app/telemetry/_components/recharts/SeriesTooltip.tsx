'use client';

import type { ChartSeries } from '../chart-series';
import styles from './charts.module.css';

/** The tooltip of a bucket: its time range and every shown series' value, in the chart's order. */
export function SeriesTooltip<T>({ point, title, series }: { point: T | undefined; title: string; series: ChartSeries<T>[] }) {
  if (point === undefined) return null;
  return (
    <div className={styles.tooltip} data-testid="chart-tooltip">
      <div className={styles.tooltipTitle}>{title}</div>
      {series.map((entry) => (
        <div key={entry.key} className={styles.tooltipRow}>
          <span className={entry.kind === 'bar' ? styles.swatch : styles.lineSwatch} style={swatchStyle(entry)} />
          <span>{entry.name}</span>
          <span className={styles.tooltipValue}>{entry.format(entry.value(point))}</span>
        </div>
      ))}
    </div>
  );
}

export function swatchStyle<T>(entry: ChartSeries<T>) {
  return entry.kind === 'bar' ? { background: entry.color } : { borderTopColor: entry.color, borderTopStyle: entry.dashed ? ('dashed' as const) : ('solid' as const) };
}
