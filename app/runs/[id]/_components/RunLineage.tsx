import Link from 'next/link';
import { replayDivergenceText } from '@/lib/run-events/event-text';
import { comparisonText, descendantText, lineageLine, MATCHED_RECORDING_TEXT, shortId } from '@/lib/runs/lineage-text';
import type { RunSummary } from '@/lib/runs/run-detail';
import { StatusBadge } from '../../_components/StatusBadge';
import styles from './LineageActions.module.css';

/**
 * Where the run came from (a fork or replay, and where a replay left its recording — live through
 * `run-updated`), the forks and replays made from it, and the comparisons it stands in. Nothing for
 * a run that has none of them.
 */
export function RunLineage({ run, status }: { run: RunSummary; status: string }) {
  const lineage = run.lineage;
  if (!lineage && !run.descendants.length && !run.comparisons.length) return null;
  const line = lineage ? lineageLine(lineage) : null;
  return (
    <div className={styles.lineage} data-testid="run-lineage">
      {line ? (
        <p data-testid="lineage-parent">
          {line.lead}{' '}
          {line.parentRunId ? (
            <Link href={`/runs/${line.parentRunId}`} title={line.parentRunId}>
              run <code>{shortId(line.parentRunId)}</code>
            </Link>
          ) : null}{' '}
          {line.tail}
        </p>
      ) : null}
      {run.replayDivergence ? (
        <p className={styles.divergence} data-testid="replay-divergence">
          {replayDivergenceText(run.replayDivergence)}
        </p>
      ) : lineage?.kind === 'replay' && status === 'succeeded' ? (
        <p className="muted" data-testid="replay-matched">
          {MATCHED_RECORDING_TEXT}
        </p>
      ) : null}
      {run.descendants.length ? (
        <div className={styles.related}>
          <span className={styles.relatedLabel}>Forks and replays</span>
          <ul data-testid="run-descendants">
            {run.descendants.map((child) => (
              <li key={child.id}>
                <Link href={`/runs/${child.id}`} title={child.id}>
                  {descendantText(child)}
                </Link>{' '}
                <StatusBadge status={child.status} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {run.comparisons.length ? (
        <div className={styles.related}>
          <span className={styles.relatedLabel}>Comparisons</span>
          <ul data-testid="run-comparisons">
            {run.comparisons.map((comparison) => (
              <li key={comparison.id}>
                <Link href={`/compare/${comparison.id}`} title={comparison.id}>
                  {comparisonText(comparison.kind)}
                </Link>{' '}
                <code className="muted">{shortId(comparison.id)}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
