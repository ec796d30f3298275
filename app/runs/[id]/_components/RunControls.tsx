'use client';

import { useState, useTransition } from 'react';
import { canCancel, canResume } from '@/lib/runs/run-status';
import { cancelRunAction, resumeRunAction, type RunActionResult } from '../actions';
import styles from './RunView.module.css';

/** What an action answered, and the run status it answered at. */
type Feedback = { ok: boolean; text: string; status: string };

/**
 * A notice announces a change ("Cancel requested…", "Resumed: the run is queued…"): once the run's
 * status moves on from the one the action answered at, what it announced has happened (or been
 * overtaken) and the notice goes.
 */
export function feedbackFor(feedback: Feedback | null, status: string): Feedback | null {
  return feedback && feedback.status === status ? feedback : null;
}

export function RunControls({
  runId,
  status,
  imported,
  onResult,
  children,
}: {
  runId: string;
  status: string;
  /** An imported run is a read-only archive: no cancel, no resume. */
  imported: boolean;
  onResult: (action: 'cancel' | 'resume', result: RunActionResult) => void;
  /** More commands on the run (Replay on …, Compare on …), after Cancel / Resume. */
  children?: React.ReactNode;
}) {
  const [pending, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<Feedback | null>(null);

  const run = (action: 'cancel' | 'resume') =>
    startTransition(async () => {
      try {
        const result = await (action === 'cancel' ? cancelRunAction : resumeRunAction)(runId);
        setFeedback(
          result.ok
            ? { ok: true, text: result.message, status: result.status }
            : { ok: false, text: result.error, status: result.status ?? status },
        );
        onResult(action, result);
      } catch (error) {
        setFeedback({ ok: false, text: `The server did not answer: ${error instanceof Error ? error.message : String(error)}`, status });
      }
    });
  const shown = feedbackFor(feedback, status);

  return (
    <div className={styles.controls}>
      {!imported && canCancel(status) ? (
        <button type="button" onClick={() => run('cancel')} disabled={pending} className={styles.danger}>
          Cancel
        </button>
      ) : null}
      {!imported && canResume(status) ? (
        <button type="button" onClick={() => run('resume')} disabled={pending}>
          Resume
        </button>
      ) : null}
      {children}
      <a href={`/api/runs/${runId}/export`} download={`run-${runId}.json`} className={styles.exportLink}>
        Export JSON
      </a>
      <a
        href={`/api/runs/${runId}/export?format=jsonl`}
        download={`run-${runId}.jsonl`}
        className={styles.exportLink}
        title="The conversation as one line of OpenAI chat JSONL (fine-tuning format)"
      >
        Export chat JSONL
      </a>
      <span role="status" className={shown?.ok === false ? 'error-text' : 'muted'} data-testid="action-feedback">
        {pending ? 'Working…' : (shown?.text ?? '')}
      </span>
    </div>
  );
}
