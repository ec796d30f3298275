import styles from './ChartPlaceholder.module.css';

/** Where a chart will be drawn, at its size, while its code loads (the table view works already). */
export function ChartPlaceholder({ height }: { height: number | string }) {
  return (
    <div className={styles.placeholder} style={{ height }} data-chart-placeholder>
      <span className="muted">Drawing the chart…</span>
    </div>
  );
}
