import Link from 'next/link';
import { formatCost, formatCount, formatDuration, formatRunCost, formatTimestamp, truncate } from '@/lib/runs/format';
import type { RunSummary } from '@/lib/runs/run-detail';
import { isTerminalStatus } from '@/lib/runs/run-status';
import { StatusBadge } from '../../_components/StatusBadge';
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
          <pre>{run.task}</pre>
        </details>
      ) : null}
      <dl className={styles.meta}>
        <div>
          <dt>Run</dt>
          <dd>
            <code>{run.id}</code>
          </dd>
        </div>
        <div>
          <dt>Profile</dt>
          <dd>{run.profileName}</dd>
        </div>
        <div>
          <dt>Provider · runtime · model</dt>
          <dd>
            {run.provider} · {run.runtime} · <code>{run.model}</code>
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd data-testid="run-started">{run.startedAt ? formatTimestamp(run.startedAt) : `queued ${formatTimestamp(run.createdAt)}`}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="run-duration">{started !== null && ended !== null ? formatDuration(ended - started) : '—'}</dd>
        </div>
        <div>
          <dt>Turns</dt>
          <dd data-testid="run-turns">{run.turnCount}</dd>
        </div>
        <div>
          <dt>Tokens in / out</dt>
          <dd data-testid="run-tokens">
            {formatCount(run.inputTokens)} / {formatCount(run.outputTokens)}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd data-testid="run-cost">
            {run.costUsd === null ? formatRunCost(run) : `${formatRunCost(run)} est.`}
            {run.providerCostUsd !== null ? ` · ${formatCost(run.providerCostUsd)} reported` : ''}
          </dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd className={run.errorCount ? styles.bad : undefined}>
            {run.errorCount}
            {run.errorKind ? ` · ${run.errorKind}` : ''}
          </dd>
        </div>
        {run.importedFromId ? (
          <div data-testid="run-imported">
            <dt>Imported</dt>
            <dd>
              {run.importedAt ? `${formatTimestamp(run.importedAt)} · ` : ''}from <code>{run.importedFromId}</code> · read-only archive
            </dd>
          </div>
        ) : null}
        {run.resumeCount ? (
          <div>
            <dt>Resumed</dt>
            <dd>{run.resumeCount}×</dd>
          </div>
        ) : null}
      </dl>
      <RunLineage run={run} status={status} />
      {run.errorMessage && isTerminalStatus(status) ? <p className={`error-text ${styles.errorMessage}`}>{run.errorMessage}</p> : null}
      {children}
    </header>
  );
}
