'use client';

import { useId, useState, type FormEvent } from 'react';
import { FormField } from '@/app/_components/FormField';
import { SelectField } from '@/app/_components/SelectField';
import { formatUtc } from '@/lib/telemetry/format';
import type { FilterOptions } from '@/lib/telemetry/types';
import { searchOf, WINDOW_KINDS, WINDOW_PRESETS, type TelemetrySearch, type WindowKind } from '@/lib/telemetry/window';
import styles from './TelemetryControls.module.css';

const WINDOW_LABELS: Record<WindowKind, string> = {
  ...Object.fromEntries(Object.entries(WINDOW_PRESETS).map(([kind, preset]) => [kind, preset.label])),
  custom: 'Custom',
} as Record<WindowKind, string>;

/** `<input type="datetime-local">` value of an ISO time, read as UTC. */
function toInputValue(iso: string): string {
  return new Date(iso).toISOString().slice(0, 16);
}

/** ISO time of a `<input type="datetime-local">` value, read as UTC. */
function fromInputValue(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value}Z`;
}

export function TelemetryControls({
  search,
  resolved,
  options,
  onChange,
  status,
}: {
  search: TelemetrySearch;
  /** The window the current data covers (to prefill the custom range). */
  resolved: { from: string; to: string };
  options: FilterOptions;
  onChange: (next: TelemetrySearch) => void;
  status: { isFetching: boolean; updatedAt: number; refresh: () => void };
}) {
  const ids = { provider: useId(), model: useId(), from: useId(), to: useId(), error: useId() };
  const [customOpen, setCustomOpen] = useState(false);
  const [range, setRange] = useState({ from: toInputValue(resolved.from), to: toInputValue(resolved.to) });
  const [rangeError, setRangeError] = useState<string | null>(null);
  // A custom window arriving from the URL (a shared link, back/forward) refills the inputs.
  const customKey = search.window === 'custom' ? `${search.from}/${search.to}` : null;
  const [shownCustom, setShownCustom] = useState(customKey);
  if (customKey !== shownCustom) {
    setShownCustom(customKey);
    if (search.window === 'custom' && search.from && search.to) setRange({ from: toInputValue(search.from), to: toInputValue(search.to) });
  }
  const selected: WindowKind = customOpen ? 'custom' : search.window;

  function chooseWindow(kind: WindowKind) {
    if (kind === 'custom') {
      setRange({ from: toInputValue(resolved.from), to: toInputValue(resolved.to) });
      setRangeError(null);
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    onChange({ ...search, window: kind, from: undefined, to: undefined });
  }

  function applyRange(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = searchOf({
      ...search,
      window: 'custom',
      from: range.from && fromInputValue(range.from),
      to: range.to && fromInputValue(range.to),
    });
    if (!parsed.success) {
      setRangeError(parsed.error);
      return;
    }
    setRangeError(null);
    setCustomOpen(false);
    onChange(parsed.search);
  }

  const providers =
    search.provider && !options.providers.includes(search.provider) ? [search.provider, ...options.providers] : options.providers;
  const modelNames = [
    ...new Set(options.models.filter((entry) => !search.provider || entry.provider === search.provider).map((entry) => entry.model)),
  ];
  if (search.model && !modelNames.includes(search.model)) modelNames.unshift(search.model);
  const pickProvider = (provider: string | undefined) => {
    const modelStillFits =
      !provider || !search.model || options.models.some((entry) => entry.provider === provider && entry.model === search.model);
    onChange({ ...search, provider, model: modelStillFits ? search.model : undefined });
  };
  const pickModel = (model: string | undefined) => onChange({ ...search, model });
  /** The provider and model filters; the empty choice is all of them. */
  const filters = [
    { id: ids.provider, label: 'Provider', blank: 'All providers', value: search.provider, choices: providers, pick: pickProvider },
    { id: ids.model, label: 'Model', blank: 'All models', value: search.model, choices: modelNames, pick: pickModel },
  ];

  return (
    <section className={`panel ${styles.controls}`} aria-label="Telemetry window and filters">
      <div className={styles.row}>
        <fieldset className={styles.windowPicker}>
          <legend className={`field-label ${styles.legend}`}>Window</legend>
          <div className={styles.segments}>
            {WINDOW_KINDS.map((kind) => (
              <label key={kind} className={styles.segment}>
                <input
                  type="radio"
                  name="telemetry-window"
                  value={kind}
                  className={styles.radio}
                  checked={selected === kind}
                  onChange={() => chooseWindow(kind)}
                />
                <span>{WINDOW_LABELS[kind]}</span>
              </label>
            ))}
          </div>
        </fieldset>

        {filters.map((filter) => (
          <SelectField
            key={filter.label}
            classes={styles}
            id={filter.id}
            label={filter.label}
            value={filter.value ?? ''}
            onChange={(event) => filter.pick(event.target.value || undefined)}
            blank={filter.blank}
            choices={filter.choices}
          />
        ))}

        <div className={styles.status}>
          <span className="muted" aria-live="polite">
            {status.isFetching ? 'Updating…' : `Updated ${formatUtc(new Date(status.updatedAt)).replace(/^\S+ /, '')} · every 30 s`}
          </span>
          <button type="button" onClick={status.refresh} disabled={status.isFetching}>
            Refresh
          </button>
        </div>
      </div>

      {selected === 'custom' ? (
        <form className={styles.custom} onSubmit={applyRange} aria-label="Custom window" noValidate>
          {(['from', 'to'] as const).map((end) => (
            <FormField key={end} classes={styles} id={ids[end]} label={end === 'from' ? 'From (UTC)' : 'To (UTC)'}>
              {(control) => (
                <input
                  {...control}
                  type="datetime-local"
                  value={range[end]}
                  required
                  // Both ends are described by the one error of the range.
                  aria-invalid={rangeError ? true : undefined}
                  aria-describedby={rangeError ? ids.error : undefined}
                  onChange={(event) => setRange({ ...range, [end]: event.target.value })}
                />
              )}
            </FormField>
          ))}
          <button type="submit">Apply</button>
          {customOpen && search.window !== 'custom' ? (
            <button type="button" onClick={() => setCustomOpen(false)}>
              Cancel
            </button>
          ) : null}
          {rangeError ? (
            <p id={ids.error} role="alert" className={`error-text ${styles.rangeError}`}>
              {rangeError}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
