'use client';

import { useId, useState, type ReactNode } from 'react';
import styles from './ChartPanel.module.css';

type View = 'chart' | 'table';

/** A chart with its title, window totals, definition and a Chart / Table switch showing the same numbers. */
export function ChartPanel({
  id,
  title,
  summary,
  definition,
  chart,
  table,
  clickHint = 'Click a bar or point to open the runs behind it; drag the handles under the time axis to zoom in.',
}: {
  id: string;
  title: string;
  summary?: ReactNode;
  definition?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  clickHint?: string;
}) {
  const [view, setView] = useState<View>('chart');
  const headingId = `${id}-title`;
  const hintId = useId();
  return (
    <section className={`panel ${styles.panel}`} aria-labelledby={headingId} data-testid={`chart-${id}`}>
      <div className={styles.header}>
        <div className={styles.titles}>
          <h2 id={headingId}>{title}</h2>
          {summary ? <p className={styles.summary}>{summary}</p> : null}
        </div>
        <div className={styles.toggle} role="group" aria-label={`${title}: view as`}>
          {(['chart', 'table'] as const).map((option) => (
            <button key={option} type="button" aria-pressed={view === option} onClick={() => setView(option)}>
              {option === 'chart' ? 'Chart' : 'Table'}
            </button>
          ))}
        </div>
      </div>
      {definition ? <p className={`note ${styles.definition}`}>{definition}</p> : null}
      {view === 'chart' ? (
        <figure className={styles.figure} aria-labelledby={headingId} aria-describedby={hintId}>
          {chart}
          <figcaption id={hintId} className={styles.hint}>
            {clickHint} The table view has the same numbers with links.
          </figcaption>
        </figure>
      ) : (
        table
      )}
    </section>
  );
}
