'use client';

import Link from 'next/link';
import { useEffect, useReducer, useState } from 'react';
import type { ComparisonPage } from '@/lib/runs/comparison-page';
import { changesAlignedView, comparisonLiveReducer, initialComparisonLive } from '@/lib/runs/comparison-live';
import type { LiveStreamState } from '@/lib/runs/event-stream-follower';
import { formatTimestamp } from '@/lib/runs/format';
import { isTerminalStatus } from '@/lib/runs/run-status';
import { AlignedTable } from './AlignedTable';
import { AnswerDiffs } from './AnswerDiffs';
import { LiveColumn } from './LiveColumn';
import { SummaryTable } from './SummaryTable';
import { useAlignedView } from './useAlignedView';
import { useComparisonEventSource } from './useComparisonEventSource';
import styles from './Comparison.module.css';

/** A task longer than this (or of several lines) may not fit the title's three lines: it is offered whole below. */
const WHOLE_TASK_AFTER = 160;

/** Re-renders every second while `active` (the running columns' times); null on the server render. */
function useNow(active: boolean): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function streamText(stream: LiveStreamState, running: number, total: number): string {
  if (stream === 'ended' || (running === 0 && stream !== 'live')) return `All ${total} runs have ended.`;
  if (stream === 'reconnecting') return 'Connection lost — reconnecting… Each run continues after the last event received.';
  if (stream === 'connecting') return 'Connecting to the live stream…';
  return running ? `Live · ${running} of ${total} runs still going.` : `All ${total} runs have ended.`;
}

/**
 * The comparison page: the member runs live side by side (one run-view reducer each, fed by the
 * comparison's one stream), then the aligned view — summary, turns, final answers — read again
 * (throttled) whenever a member's turn summary or row changes.
 */
export function ComparisonLive({ page }: { page: ComparisonPage }) {
  const [live, dispatch] = useReducer(comparisonLiveReducer, page.live, initialComparisonLive);
  const [view, refreshView] = useAlignedView(page.view);
  const comparisonId = page.view.id;

  const stream = useComparisonEventSource(
    comparisonId,
    page.live.map((member) => ({ runId: member.run.id, after: live.runs[member.run.id]!.transcript.lastSeq })),
    {
      onEvent: (runId, event) => {
        dispatch({ type: 'event', runId, event });
        if (changesAlignedView(event)) refreshView();
      },
      onRunEnd: (runId, status) => {
        dispatch({ type: 'run-end', runId, status });
        refreshView();
      },
    },
  );

  const runs = page.live.map((member) => live.runs[member.run.id]!);
  const running = runs.filter((column) => !isTerminalStatus(column.run.status)).length;
  const now = useNow(running > 0);

  return (
    <>
      <div className={`page-heading ${styles.heading}`}>
        <p className={styles.breadcrumb}>
          <Link href="/compare">← Comparisons</Link>
        </p>
        <h1 className={styles.title} title={view.task}>
          {view.task}
        </h1>
        {view.task.length > WHOLE_TASK_AFTER || view.task.includes('\n') ? (
          <details className={`muted ${styles.wholeTask}`}>
            <summary>Whole task</summary>
            <pre data-testid="whole-task">{view.task}</pre>
          </details>
        ) : null}
        <p className="muted">
          {view.members.length} runs · {view.kind === 'lineage' ? 'a run beside the run it came from' : 'one task on several profiles'} ·
          created {formatTimestamp(view.createdAt)}
        </p>
        <p className={styles.exports}>
          <a
            href={`/api/comparisons/${comparisonId}/export?format=json`}
            download={`comparison-${comparisonId}.json`}
            data-testid="export-json"
          >
            Export JSON
          </a>
          <a
            href={`/api/comparisons/${comparisonId}/export?format=csv`}
            download={`comparison-${comparisonId}.csv`}
            data-testid="export-csv"
          >
            Export CSV
          </a>
        </p>
      </div>

      <section className={`panel ${styles.fit}`} aria-labelledby="live-heading">
        <div className="panel-header">
          <h2 id="live-heading">Runs</h2>
          <p className={styles.streamStatus} role="status" aria-live="polite" data-testid="stream-status" data-stream={stream}>
            {streamText(stream, running, runs.length)}
          </p>
        </div>
        <div className={styles.columns} data-testid="live-columns">
          {runs.map((column, position) => (
            <LiveColumn
              key={column.run.id}
              position={position}
              column={column}
              faultScenario={view.members.find((member) => member.runId === column.run.id)?.faultScenario ?? null}
              now={now}
            />
          ))}
        </div>
      </section>

      <section className={`panel ${styles.fit}`} aria-labelledby="summary-heading">
        <div className="panel-header">
          <h2 id="summary-heading">Summary</h2>
          <p className="muted">★ best among the runs that succeeded</p>
        </div>
        <SummaryTable view={view} />
      </section>

      <section className={`panel ${styles.fit}`} aria-labelledby="turns-heading">
        <div className="panel-header">
          <h2 id="turns-heading">Turn by turn</h2>
        </div>
        <AlignedTable view={view} />
      </section>

      <section className={`panel ${styles.fit}`} aria-labelledby="answers-heading">
        <div className="panel-header">
          <h2 id="answers-heading">Final answers</h2>
          <p className="muted">
            <ins className={styles.legendIns}>added</ins> / <del className={styles.legendDel}>missing</del> against column 1
          </p>
        </div>
        <AnswerDiffs view={view} />
      </section>
    </>
  );
}
