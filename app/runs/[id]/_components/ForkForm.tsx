'use client';

import { useState } from 'react';
import { turnNumber } from '@/lib/run-events/turn-number';
import { newIdempotencyKey } from '../../new/run-form-input';
import { forkRunAction } from '../actions';
import { FieldErrors, FormErrors, invalidProps } from './FormErrors';
import { ProfileSelect, type ProfileChoice } from './ProfileSelect';
import { useCommandForm } from './useCommandForm';
import styles from './LineageActions.module.css';

const SETTINGS = [
  { name: 'model', field: 'overrides.model', label: 'Model', inputMode: 'text', placeholder: 'the profile’s' },
  { name: 'temperature', field: 'overrides.temperature', label: 'Temperature', inputMode: 'decimal', placeholder: '0–2' },
  {
    name: 'maxOutputTokens',
    field: 'overrides.maxOutputTokens',
    label: 'Max output tokens',
    inputMode: 'numeric',
    placeholder: 'the profile’s',
  },
] as const;

/** "Fork from here": the conversation through `turnIndex`, continued live on the profile (and settings) chosen. */
export function ForkForm({
  runId,
  turnIndex,
  profiles,
  current,
}: {
  runId: string;
  turnIndex: number;
  profiles: readonly ProfileChoice[];
  current: string;
}) {
  const { state, pending, onSubmit } = useCommandForm(forkRunAction);
  const [idempotencyKey] = useState(newIdempotencyKey);
  return (
    <form onSubmit={onSubmit} className={styles.form} data-testid="fork-form">
      <p className={styles.explain}>
        The new run starts with this run’s conversation through turn {turnNumber(turnIndex)} — its messages, tool calls and their recorded
        results, and the files those turns wrote — and continues live from turn {turnNumber(turnIndex + 1)}. Opaque reasoning goes back only
        to the account that issued it; otherwise it is dropped, with a notice.
      </p>
      <input type="hidden" name="runId" value={runId} />
      <input type="hidden" name="turn" value={turnNumber(turnIndex)} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <ProfileSelect id="fork-profile" profiles={profiles} current={current} state={state} />
      <div className={styles.settings}>
        {SETTINGS.map((setting) => (
          <div key={setting.name} className={styles.field}>
            <label htmlFor={`fork-${setting.name}`}>{setting.label}</label>
            <input
              id={`fork-${setting.name}`}
              name={setting.name}
              inputMode={setting.inputMode}
              placeholder={setting.placeholder}
              autoComplete="off"
              {...invalidProps(state, [setting.field], `fork-${setting.name}-error`)}
            />
            <FieldErrors state={state} fields={[setting.field]} id={`fork-${setting.name}-error`} />
          </div>
        ))}
      </div>
      <FormErrors state={state} owned={['profileName', ...SETTINGS.map((setting) => setting.field)]} />
      <div className={styles.actions}>
        <button type="submit" disabled={pending}>
          {pending ? 'Starting…' : 'Start the fork'}
        </button>
      </div>
    </form>
  );
}
