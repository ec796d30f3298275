import Link from 'next/link';
import { formatCount, formatDuration, formatRunCost, formatTimestamp } from '@/lib/runs/format';
import type { RunListItem } from '@/lib/runs/list-runs';
import { StatusBadge } from './StatusBadge';
import styles from './RunsTable.module.css';

export function RunsTable({ runs }: { runs: readonly RunListItem[] }) {
  if (!runs.length) {
    return (
      <p className="muted" data-testid="runs-empty">
        No runs match these filters.
      </p>
    );
  }
  return (
    <div className={styles.wrap}>
      <table className={`data-table highlight-rows ${styles.table}`} data-testid="runs-table">
        <caption className="visually-hidden">Runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Provider</th>
            <th scope="col">Model · task</th>
            <th scope="col" className="num">
              Turns
            </th>
            <th scope="col" className="num">
              Tokens in / out
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col">Errors</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td>
                <StatusBadge status={run.status} />
                {run.importedFromId ? (
                  <span
                    className={styles.imported}
                    data-testid="imported-marker"
                    title={`Imported with npm run import (a read-only archive); its id where it was recorded: ${run.importedFromId}`}
                  >
                    imported
                  </span>
                ) : null}
              </td>
              <td>
                {run.provider}
                <span className={styles.sub}>{run.runtime}</span>
              </td>
              <td className={styles.modelCell}>
                {/* One tab stop per run; its task is cut to a line, whole in its title and while the link has the focus. */}
                <Link href={`/runs/${run.id}`} className={styles.runLink}>
                  <span className={styles.model} title={run.model}>
                    {run.model}
                  </span>
                  <span className={styles.task} title={run.task}>
                    {run.task}
                  </span>
                </Link>
              </td>
              <td className="num">{run.turnCount}</td>
              <td className="num">
                {formatCount(run.inputTokens)} / {formatCount(run.outputTokens)}
              </td>
              <td className="num">{formatRunCost(run)}</td>
              <td className={run.errorCount || run.errorKind ? styles.bad : styles.none}>
                {run.errorCount || run.errorKind ? `${run.errorCount}${run.errorKind ? ` · ${run.errorKind}` : ''}` : '0'}
              </td>
              <td className="num">{formatDuration(run.durationMs)}</td>
              <td className="time">
                <time dateTime={run.startedAt ?? run.createdAt}>{formatTimestamp(run.startedAt ?? run.createdAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
