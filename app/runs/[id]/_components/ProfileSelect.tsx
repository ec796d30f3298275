import type { LineageFormState } from '../lineage-form-input';
import { FieldErrors, invalidProps } from './FormErrors';
import styles from './LineageActions.module.css';

/** A provider profile as the run page offers it: unusable ones are shown, disabled, with why. */
export type ProfileChoice = { name: string; label: string; disabledReason: string | null };

/** The first usable profile that is not `current` (the run's own), else `current`. */
export function defaultProfile(profiles: readonly ProfileChoice[], current: string): string {
  return profiles.find((profile) => !profile.disabledReason && profile.name !== current)?.name ?? current;
}

export function ProfileSelect({
  id,
  profiles,
  current,
  state,
}: {
  id: string;
  profiles: readonly ProfileChoice[];
  /** The run's own profile (marked in the list). */
  current: string;
  state: LineageFormState;
}) {
  return (
    <div className={styles.field}>
      <label htmlFor={id}>Profile</label>
      <select
        id={id}
        name="profileName"
        defaultValue={defaultProfile(profiles, current)}
        {...invalidProps(state, ['profileName'], `${id}-error`)}
      >
        {profiles.map((profile) => (
          <option key={profile.name} value={profile.name} disabled={!!profile.disabledReason}>
            {profile.label}
            {profile.name === current ? ' (this run’s)' : ''}
            {profile.disabledReason ? ` — unavailable: ${profile.disabledReason}` : ''}
          </option>
        ))}
      </select>
      <FieldErrors state={state} fields={['profileName']} id={`${id}-error`} />
    </div>
  );
}
