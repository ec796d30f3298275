import Link from 'next/link';
import { formatCostReport, formatDuration, formatTimestamp, formatTokensInOut, truncate } from '@/lib/runs/format';
import type { RunSummary } from '@/lib/runs/run-detail';
import { isTerminalStatus } from '@/lib/runs/run-status';
import { StatusBadge } from '../../_components/StatusBadge';
import { Fact } from './Fact';
import { RunLineage } from './RunLineage';
import styles from './RunView.module.css';

const TITLE_MAX = 140;

export function RunHeader({
  run,
  status,
  now,
  children,
}: {
  run: RunSummary;
  status: string;
  now: number | null;
  children: React.ReactNode;
}) {
  const started = run.startedAt ? Date.parse(run.startedAt) : null;
  const ended = run.finishedAt ? Date.parse(run.finishedAt) : !isTerminalStatus(status) ? now : null;
  return (
    <header className={`panel ${styles.header}`}>
      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <Link href="/runs">← Runs</Link>
      </nav>
      <div className={styles.titleRow}>
        <h1 className={styles.title} title={run.task}>
          {truncate(run.task.replace(/\s+/g, ' '), TITLE_MAX)}
        </h1>
        <StatusBadge status={status} testId="run-status" />
      </div>
      {run.task.length > TITLE_MAX || run.task.includes('\n') ? (
        <details className={styles.fullTask}>
          <summary>Full task</summary>
          <pre data-testid="run-task">{run.task}</pre>
        </details>
      ) : null}
      <dl className={styles.meta}>
        <Fact term="Run">
          <code>{run.id}</code>
        </Fact>
        <Fact term="Profile">{run.profileName}</Fact>
        <Fact term="Provider · runtime · model">
          {run.provider} · {run.runtime} · <code>{run.model}</code>
        </Fact>
        <Fact term="Started" data-testid="run-started">
          {run.startedAt ? formatTimestamp(run.startedAt) : `queued ${formatTimestamp(run.createdAt)}`}
        </Fact>
        <Fact term="Duration" data-testid="run-duration">
          {started !== null && ended !== null ? formatDuration(ended - started) : '—'}
        </Fact>
        <Fact term="Turns" data-testid="run-turns">
          {run.turnCount}
        </Fact>
        <Fact term="Tokens in / out" data-testid="run-tokens">
          {formatTokensInOut(run)}
        </Fact>
        <Fact term="Cost" data-testid="run-cost">
          {formatCostReport(run)}
        </Fact>
        <Fact term="Errors" className={run.errorCount ? styles.bad : undefined}>
          {run.errorCount}
          {run.errorKind ? ` · ${run.errorKind}` : ''}
        </Fact>
        {run.importedFromId ? (
          <div data-testid="run-imported">
            <dt>Imported</dt>
            <dd>
              {run.importedAt ? `${formatTimestamp(run.importedAt)} · ` : ''}from <code>{run.importedFromId}</code> · read-only archive
            </dd>
          </div>
        ) : null}
        {run.resumeCount ? <Fact term="Resumed">{run.resumeCount}×</Fact> : null}
      </dl>
      <RunLineage run={run} status={status} />
      {run.errorMessage && isTerminalStatus(status) ? <p className={`error-text ${styles.errorMessage}`}>{run.errorMessage}</p> : null}
      {children}
    </header>
  );
}
