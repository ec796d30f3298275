'use client';

import { compareWithParentAction } from '../actions';
import { useCommandForm } from './useCommandForm';
import styles from './LineageActions.module.css';

/** "Compare with parent": a fork or replay beside the run it came from, aligned at the fork point (/compare/<id>). */
export function CompareWithParentForm({ runId }: { runId: string }) {
  const { state, pending, onSubmit } = useCommandForm(compareWithParentAction);
  return (
    <form onSubmit={onSubmit} className={styles.inlineForm}>
      <input type="hidden" name="runId" value={runId} />
      <button type="submit" disabled={pending}>
        Compare with parent
      </button>
      {state ? (
        <span role="alert" className="error-text">
          {Object.values(state.fieldErrors).flat().join(' ') || state.message}
        </span>
      ) : null}
    </form>
  );
}
