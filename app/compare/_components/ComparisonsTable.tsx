import Link from 'next/link';
import { formatCost, formatTimestamp } from '@/lib/runs/format';
import type { ComparisonListItem } from '@/lib/runs/list-comparisons';
import { StatusBadge } from '@/app/runs/_components/StatusBadge';
import styles from './Compare.module.css';

const KIND_LABEL: Record<string, string> = { profiles: 'profiles', lineage: 'with parent' };

/** Comparisons, newest first: each one's task, its member runs (profile, model, status) in column order, and their cost. */
export function ComparisonsTable({ comparisons }: { comparisons: readonly ComparisonListItem[] }) {
  return (
    <div className={styles.scroll}>
      <table className="data-table highlight-rows" data-testid="comparisons-table">
        <caption className="visually-hidden">Comparisons, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Runs</th>
            <th scope="col" className="num">
              Total cost
            </th>
          </tr>
        </thead>
        <tbody>
          {comparisons.map((comparison) => (
            <tr key={comparison.id} data-comparison-id={comparison.id}>
              <td className={styles.taskCell}>
                <Link href={`/compare/${comparison.id}`} className={styles.taskLink} title={comparison.task}>
                  {comparison.task}
                </Link>
                <span className={styles.sub}>
                  {comparison.members.length} runs · {KIND_LABEL[comparison.kind] ?? comparison.kind} ·{' '}
                  <time dateTime={comparison.createdAt}>{formatTimestamp(comparison.createdAt)}</time>
                </span>
              </td>
              <td>
                <ul className={styles.memberList}>
                  {comparison.members.map((member) => (
                    <li key={member.runId}>
                      <StatusBadge status={member.status} />{' '}
                      <Link href={`/runs/${member.runId}`} title={member.model}>
                        {member.profileName}
                      </Link>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="num">
                {formatCost(comparison.costUsd)}
                {comparison.providerCostUsd !== null ? (
                  <span className={styles.sub}>reported {formatCost(comparison.providerCostUsd)}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
