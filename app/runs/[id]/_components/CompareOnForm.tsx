'use client';

import { useState } from 'react';
import { MAX_COMPARED_PROFILES } from '@/lib/runs/lineage-input';
import { newIdempotencyKey } from '../../new/run-form-input';
import { compareRunOnAction } from '../actions';
import { FieldErrors, FormErrors } from './FormErrors';
import type { ProfileChoice } from './ProfileSelect';
import { useCommandForm } from './useCommandForm';
import styles from './LineageActions.module.css';

/** The profiles a run can be compared on: the comparison holds the run and at most this many more. */
const MAX_TICKED = MAX_COMPARED_PROFILES - 1;

/** "Compare on …": the run's task and options on the profiles ticked, as one comparison beside the run. */
export function CompareOnForm({ runId, profiles, current }: { runId: string; profiles: readonly ProfileChoice[]; current: string }) {
  const { state, pending, onSubmit } = useCommandForm(compareRunOnAction);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [ticked, setTicked] = useState<string[]>([]);
  const toggle = (name: string, on: boolean) => setTicked((names) => (on ? [...names, name] : names.filter((other) => other !== name)));
  return (
    <form onSubmit={onSubmit} className={styles.form} data-testid="compare-form">
      <p className={styles.explain}>
        This run’s task, options, tools and workspace template start on each profile you tick (1–{MAX_TICKED}), as one comparison with this
        run in its first column.
      </p>
      <input type="hidden" name="runId" value={runId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <fieldset className={styles.choices} aria-describedby={state?.fieldErrors.profileNames ? 'compare-profiles-error' : undefined}>
        <legend>
          Profiles{' '}
          <span className="muted">
            ({ticked.length} of at most {MAX_TICKED})
          </span>
        </legend>
        {profiles.map((profile) => (
          <label key={profile.name} className={profile.disabledReason ? styles.unavailable : undefined}>
            <input
              type="checkbox"
              name="profileNames"
              value={profile.name}
              disabled={!!profile.disabledReason || (ticked.length >= MAX_TICKED && !ticked.includes(profile.name))}
              onChange={(event) => toggle(profile.name, event.target.checked)}
            />{' '}
            {profile.label}
            {profile.name === current ? <span className="muted"> (this run’s)</span> : null}
            {profile.disabledReason ? <span className="muted"> — unavailable: {profile.disabledReason}</span> : null}
          </label>
        ))}
        <FieldErrors state={state} fields={['profileNames']} id="compare-profiles-error" />
      </fieldset>
      <FormErrors state={state} owned={['profileNames']} />
      <div className={styles.actions}>
        <button type="submit" disabled={pending}>
          {pending ? 'Starting…' : 'Start the comparison'}
        </button>
      </div>
    </form>
  );
}
