'use client';

import { useState } from 'react';
import { newIdempotencyKey } from '../../new/run-form-input';
import { replayRunAction } from '../actions';
import { FieldErrors, FormErrors } from './FormErrors';
import { ProfileSelect, type ProfileChoice } from './ProfileSelect';
import { useCommandForm } from './useCommandForm';
import styles from './LineageActions.module.css';

/** "Replay on …": the run again on a profile, its recorded tool results served while the model asks for the same calls. */
export function ReplayForm({ runId, profiles, current }: { runId: string; profiles: readonly ProfileChoice[]; current: string }) {
  const { state, pending, onSubmit } = useCommandForm(replayRunAction);
  const [idempotencyKey] = useState(newIdempotencyKey);
  return (
    <form onSubmit={onSubmit} className={styles.form} data-testid="replay-form">
      <p className={styles.explain}>
        This run’s task and options again on the profile you choose. While the model asks for the same tool calls as the recording (name and
        arguments, turn by turn), the recorded results are served and no tool runs.
      </p>
      <input type="hidden" name="runId" value={runId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <ProfileSelect id="replay-profile" profiles={profiles} current={current} state={state} />
      <fieldset className={styles.choices}>
        <legend>At the first divergence</legend>
        <label>
          <input type="radio" name="onDivergence" value="stop" defaultChecked /> Stop there
        </label>
        <label>
          <input type="radio" name="onDivergence" value="continue" /> Continue with real tools (in a fresh workspace with the recorded
          files)
        </label>
        <FieldErrors state={state} fields={['onDivergence']} id="replay-divergence-error" />
      </fieldset>
      <FormErrors state={state} owned={['profileName', 'onDivergence']} />
      <div className={styles.actions}>
        <button type="submit" disabled={pending}>
          {pending ? 'Starting…' : 'Start the replay'}
        </button>
      </div>
    </form>
  );
}
