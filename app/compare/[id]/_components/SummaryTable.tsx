import Link from 'next/link';
import { SUMMARY_COLUMNS } from '@/lib/runs/comparison-format';
import type { ComparisonView } from '@/lib/runs/comparison-view';
import { StatusBadge } from '@/app/runs/_components/StatusBadge';
import styles from './Comparison.module.css';

/** A row per run: its totals and outcome, the best of each metric (among the runs that succeeded) marked. */
export function SummaryTable({ view }: { view: ComparisonView }) {
  return (
    <div className={styles.scroll}>
      <table className="data-table" data-testid="summary-table">
        <caption className="visually-hidden">Totals per run; ★ marks the best of each metric among the runs that succeeded</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Outcome</th>
            {SUMMARY_COLUMNS.map((column) => (
              <th scope="col" key={column.key} className="num">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.members.map((member) => (
            <tr key={member.runId} data-run-id={member.runId}>
              <th scope="row" className={styles.rowHead}>
                <span className={styles.columnNumber}>{member.position + 1}</span>{' '}
                <Link href={`/runs/${member.runId}`}>{member.profileName}</Link>
                <span className={styles.sub}>{member.model}</span>
                {member.faultScenario ? (
                  <span className={styles.sub} data-testid="fault-scenario">
                    fault: <code>{member.faultScenario}</code>
                  </span>
                ) : null}
              </th>
              <td>
                <StatusBadge status={member.status} />
                {member.summary.outcome !== member.status ? <span className={styles.sub}>{member.summary.outcome}</span> : null}
              </td>
              {SUMMARY_COLUMNS.map((column) => {
                const best = column.best ? view.best[column.best].includes(member.runId) : false;
                return (
                  <td key={column.key} className={`num ${best ? styles.best : ''}`} data-metric={column.key} data-best={best || undefined}>
                    {column.text(member)}
                    {best ? (
                      <span className={styles.bestMark} title="The best among the runs that succeeded">
                        {' '}
                        ★<span className="visually-hidden"> best</span>
                      </span>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
