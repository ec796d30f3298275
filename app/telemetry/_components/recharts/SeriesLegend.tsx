'use client';

import type { ChartSeries } from '../chart-series';
import { swatchStyle } from './SeriesTooltip';
import styles from './charts.module.css';

/** The legend of a chart: one toggle button per series, pressed while the series is shown. */
export function SeriesLegend<T>({
  title,
  series,
  hidden,
  onToggle,
}: {
  title: string;
  series: ChartSeries<T>[];
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
}) {
  return (
    <ul className={styles.legend} aria-label={`${title}: series (press to show or hide)`}>
      {series.map((entry) => (
        <li key={entry.key}>
          <button type="button" aria-pressed={!hidden.has(entry.key)} onClick={() => onToggle(entry.key)} data-series-toggle={entry.key}>
            <span className={entry.kind === 'bar' ? styles.swatch : styles.lineSwatch} style={swatchStyle(entry)} />
            {entry.name}
          </button>
        </li>
      ))}
    </ul>
  );
}
