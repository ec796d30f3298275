'use client';

import { useState, useTransition } from 'react';
import { canCancel, canResume } from '@/lib/runs/run-status';
import { cancelRunAction, resumeRunAction, type RunActionResult } from '../actions';
import styles from './RunView.module.css';

export function RunControls({
  runId,
  status,
  imported,
  onResult,
}: {
  runId: string;
  status: string;
  /** An imported run is a read-only archive: no cancel, no resume. */
  imported: boolean;
  onResult: (action: 'cancel' | 'resume', result: RunActionResult) => void;
}) {
  const [pending, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);

  const run = (action: 'cancel' | 'resume') =>
    startTransition(async () => {
      try {
        const result = await (action === 'cancel' ? cancelRunAction : resumeRunAction)(runId);
        setFeedback(result.ok ? { ok: true, text: result.message } : { ok: false, text: result.error });
        onResult(action, result);
      } catch (error) {
        setFeedback({ ok: false, text: `The server did not answer: ${error instanceof Error ? error.message : String(error)}` });
      }
    });

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
      <span role="status" className={feedback?.ok === false ? 'error-text' : 'muted'} data-testid="action-feedback">
        {pending ? 'Working…' : (feedback?.text ?? '')}
      </span>
    </div>
  );
}
