'use client';

import { MAX_COMPARED_PROFILES } from '@/lib/runs/lineage-input';
import { FieldError } from '@/app/_components/FormField';
import type { ProfileOption } from './NewRunForm';
import styles from './NewRunForm.module.css';

/**
 * "Run on several profiles": a box per profile, 2 to 6 of them ticked (unusable ones cannot be);
 * a ticked Simulator profile takes a fault scenario of its own (one member rate-limited, another
 * with streaming rejected), so the comparison shows how each copes.
 */
export function ProfilesToCompare({
  profiles,
  compared,
  onChange,
  scenarios,
  memberScenarios,
  onScenarioChange,
  errors,
  describedBy,
}: {
  profiles: ProfileOption[];
  compared: string[];
  onChange: (update: (current: string[]) => string[]) => void;
  scenarios: { value: string; label: string }[];
  memberScenarios: Record<string, string>;
  onScenarioChange: (profileName: string, scenario: string) => void;
  errors?: string[];
  describedBy?: string;
}) {
  const full = compared.length >= MAX_COMPARED_PROFILES;
  return (
    <fieldset id="run-profiles" className={`${styles.tools} ${styles.compared}`} aria-describedby={describedBy}>
      <legend className="field-label">Profiles to compare</legend>
      <p id="run-profiles-hint" className={styles.hint}>
        Tick 2 to {MAX_COMPARED_PROFILES}: the task runs on each as one comparison, side by side. Each profile keeps its own model and
        streaming; the settings below apply to all of them. A Simulator profile can fail in its own way (fault scenario).
      </p>
      {profiles.map(({ profile, disabledReason }) => {
        const checked = compared.includes(profile.name);
        const scenarioId = `run-scenario-${profile.name}`;
        return (
          <div key={profile.name} className={styles.comparedProfile}>
            <label className={styles.checkbox}>
              <input
                type="checkbox"
                name="profileNames"
                value={profile.name}
                checked={checked}
                disabled={!!disabledReason || (!checked && full)}
                aria-invalid={errors?.length ? true : undefined}
                onChange={(event) =>
                  onChange((current) =>
                    event.target.checked ? [...current, profile.name] : current.filter((name) => name !== profile.name),
                  )
                }
              />
              <span>
                {profile.label}
                {disabledReason ? <span className="muted"> — unavailable: {disabledReason}</span> : null}
              </span>
            </label>
            {checked && profile.provider === 'simulator' ? (
              <select
                id={scenarioId}
                className={styles.memberScenario}
                aria-label={`Fault scenario for ${profile.label}`}
                value={memberScenarios[profile.name] ?? ''}
                onChange={(event) => onScenarioChange(profile.name, event.target.value)}
              >
                {scenarios.map((preset) => (
                  <option key={preset.value} value={preset.value}>
                    {preset.value ? `Fault: ${preset.label}` : 'No fault — a healthy provider'}
                  </option>
                ))}
              </select>
            ) : null}
          </div>
        );
      })}
      <FieldError id="run-profiles-error" errors={errors} className={styles.fieldError} />
    </fieldset>
  );
}
