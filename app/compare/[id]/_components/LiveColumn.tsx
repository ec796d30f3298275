'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { turnNumber } from '@/lib/run-events/turn-number';
import { currentTurnOf, type ComparisonColumnState } from '@/lib/runs/comparison-live';
import { formatCost, formatCount, formatDuration } from '@/lib/runs/format';
import { StatusBadge } from '@/app/runs/_components/StatusBadge';
import styles from './Comparison.module.css';

const PHASE: Record<string, string> = { arguments: 'receiving arguments…', running: 'running…', 'not-run': 'not run' };

/** One member run live: its profile and model, status and totals, and the text of its current turn as it streams. */
export function LiveColumn({
  position,
  column: { run, transcript },
  faultScenario,
  now,
}: {
  position: number;
  column: ComparisonColumnState;
  /** The Simulator fault this run was started under, if any. */
  faultScenario: string | null;
  now: number | null;
}) {
  const turn = currentTurnOf(transcript);
  const text = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = text.current;
    if (box) box.scrollTop = box.scrollHeight;
  }, [turn.text]);
  const started = run.startedAt ? Date.parse(run.startedAt) : null;
  const ended = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return (
    <article
      className={styles.column}
      data-testid="live-column"
      data-run-id={run.id}
      data-status={run.status}
      aria-label={`Column ${position + 1}: ${run.profileName}`}
    >
      <header className={styles.columnHeader}>
        <span className={styles.columnNumber}>{position + 1}</span>
        <div className={styles.columnTitle}>
          <Link href={`/runs/${run.id}`} className={styles.profile}>
            {run.profileName}
          </Link>
          <span className={styles.sub}>
            {run.model} · {run.runtime}
          </span>
          {faultScenario ? (
            <span className={styles.sub} data-testid="live-fault" title={faultScenario}>
              {/* The scenario's name; its parameters are in the title and the summary below. */}
              fault: <code>{faultScenario.split(';')[0]!.trim()}</code>
            </span>
          ) : null}
        </div>
        <StatusBadge status={run.status} testId="live-status" />
      </header>
      <dl className={styles.totals}>
        <div>
          <dt>Turns</dt>
          <dd data-testid="live-turn-count">{run.turnCount}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>
            {formatCount(run.inputTokens)} / {formatCount(run.outputTokens)}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(run.costUsd)}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{started !== null && ended !== null ? formatDuration(ended - started) : '—'}</dd>
        </div>
      </dl>
      <div className={styles.turnHead} data-testid="live-turn">
        {turn.index === null ? (run.status === 'queued' ? 'Waiting for a worker…' : 'No turn yet') : `Turn ${turnNumber(turn.index)}`}
        {turn.index !== null && turn.profile && turn.profile !== run.profileName ? (
          <span className={styles.sub}> on {turn.profile} (fallback)</span>
        ) : null}
      </div>
      {turn.text || turn.streaming || turn.thinking || (!turn.tools.length && !turn.notes.length) ? (
        <div ref={text} className={styles.liveText} data-testid="live-text" data-streaming={turn.streaming || undefined}>
          {turn.text || <span className="muted">{turn.thinking ? 'thinking…' : '—'}</span>}
          {turn.streaming ? <span className={styles.caret} aria-hidden="true" /> : null}
          {turn.cut ? <span className={styles.cut}> (cut: {turn.cut})</span> : null}
        </div>
      ) : null}
      {turn.tools.length ? (
        <ul className={`plain-list ${styles.smallList}`} aria-label="Tool calls of this turn">
          {turn.tools.map((tool) => (
            <li key={tool.key}>
              <code>{tool.name}</code>{' '}
              <span className={tool.ok === false ? 'error-text' : 'muted'}>
                {tool.ok === null ? (PHASE[tool.phase] ?? '') : tool.ok ? 'done' : 'failed'}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {turn.notes.length ? (
        <ul className={`plain-list ${styles.smallList}`}>
          {turn.notes.map((note) => (
            <li key={note.key} className={note.error ? 'error-text' : undefined}>
              {note.text}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
