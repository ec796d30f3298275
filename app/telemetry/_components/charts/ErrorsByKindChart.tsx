'use client';

import { formatInt, formatPercent } from '@/lib/telemetry/format';
import { summarizeErrors } from '@/lib/telemetry/summary';
import type { ErrorKindCount } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';
import styles from './ErrorsByKindChart.module.css';

const TITLE = 'Errors by kind';

export function ErrorsByKindChart({ counts, cancelled, context }: { counts: ErrorKindCount[]; cancelled: number; context: ChartContext }) {
  const { failed } = summarizeErrors(counts);
  const largest = Math.max(1, ...counts.map((entry) => entry.count));
  return (
    <ChartPanel
      id="errors"
      title={TITLE}
      summary={
        <>
          <strong>{formatInt(failed)}</strong> failed attempts over the window
          {cancelled > 0 ? <> · {formatInt(cancelled)} cancelled by a person (not errors)</> : null}
        </>
      }
      definition={<>Attempts that failed, by error kind, over the whole window. An attempt a person cancelled is not an error: it is counted apart.</>}
      clickHint="Click a bar to open the runs with that kind of error."
      chart={
        failed === 0 ? (
          <p className="muted">No failed attempts in this window.</p>
        ) : (
          <ul className={styles.bars} aria-label={`${TITLE}: failed attempts per kind`}>
            {counts.map((entry) => (
              <li key={entry.errorKind}>
                <a href={context.windowHref({ hasErrors: true, errorKind: entry.errorKind })} data-error-kind={entry.errorKind}>
                  <span className={styles.kind}>{entry.errorKind}</span>
                  <span className={styles.track} aria-hidden="true">
                    <span className={styles.bar} style={{ width: `${Math.max((entry.count / largest) * 100, 0.5)}%` }} />
                  </span>
                  <span className={styles.count}>
                    {formatInt(entry.count)} <span className="muted">({formatPercent(entry.count / failed)})</span>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )
      }
      table={
        <DataTable
          caption={`${TITLE} over the window`}
          rows={counts}
          emptyText="No failed attempts in this window."
          rowLabel={{ header: 'Error kind', cell: (entry) => entry.errorKind }}
          rowHref={(entry) => context.windowHref({ hasErrors: true, errorKind: entry.errorKind })}
          columns={[
            { header: 'Failed attempts', numeric: true, cell: (entry) => formatInt(entry.count) },
            { header: 'Share', numeric: true, cell: (entry) => formatPercent(failed ? entry.count / failed : null) },
          ]}
        />
      }
    />
  );
}
