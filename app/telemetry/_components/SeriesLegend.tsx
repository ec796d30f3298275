'use client';

import type { ChartSeries } from './chart-series';
import styles from './SeriesLegend.module.css';

/** How a series looks in a legend or tooltip: a square for bars, a (dashed) stroke for lines. */
export function SeriesSwatch<T>({ entry }: { entry: ChartSeries<T> }) {
  return entry.kind === 'bar' ? (
    <span className={styles.swatch} style={{ background: entry.color }} />
  ) : (
    <span className={styles.lineSwatch} style={{ borderTopColor: entry.color, borderTopStyle: entry.dashed ? 'dashed' : 'solid' }} />
  );
}

/**
 * The legend of a chart: one toggle button per series, pressed while the series is shown. It is
 * rendered with the page (the chart itself loads later), so it takes its place from the start.
 */
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
            <SeriesSwatch entry={entry} />
            {entry.name}
          </button>
        </li>
      ))}
    </ul>
  );
}
