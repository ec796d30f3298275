'use client';

import Link from 'next/link';
import { useActionState, type MouseEvent } from 'react';
import { ruleCommandAction, type RuleCommandState } from '../actions';
import styles from './Alerts.module.css';

const INITIAL: RuleCommandState = { ok: true, message: null };

/** Edit, enable / disable and delete one rule (server actions; delete asks first). */
export function RuleActions({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const [state, action, pending] = useActionState(ruleCommandAction, INITIAL);
  const confirmDelete = (event: MouseEvent<HTMLButtonElement>) => {
    if (!window.confirm(`Delete the rule “${name}” with its incidents and delivery logs?`)) event.preventDefault();
  };
  return (
    <form action={action} className={styles.rowActions}>
      <input type="hidden" name="id" value={id} />
      <Link href={`/alerts?edit=${id}#rule-form`} aria-label={`Edit ${name}`}>
        Edit
      </Link>
      <button
        type="submit"
        name="intent"
        value={enabled ? 'disable' : 'enable'}
        disabled={pending}
        aria-label={`${enabled ? 'Disable' : 'Enable'} ${name}`}
      >
        {enabled ? 'Disable' : 'Enable'}
      </button>
      <button
        type="submit"
        name="intent"
        value="delete"
        disabled={pending}
        onClick={confirmDelete}
        className={styles.danger}
        aria-label={`Delete ${name}`}
      >
        Delete
      </button>
      {state.message && !state.ok ? (
        <span role="alert" className="error-text">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
