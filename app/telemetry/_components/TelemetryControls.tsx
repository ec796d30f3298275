'use client';

import { useId, useState, type FormEvent } from 'react';
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

        <div className={styles.field}>
          <label htmlFor={ids.provider} className="field-label">
            Provider
          </label>
          <select
            id={ids.provider}
            value={search.provider ?? ''}
            onChange={(event) => {
              const provider = event.target.value || undefined;
              const modelStillFits =
                !provider || !search.model || options.models.some((entry) => entry.provider === provider && entry.model === search.model);
              onChange({ ...search, provider, model: modelStillFits ? search.model : undefined });
            }}
          >
            <option value="">All providers</option>
            {providers.map((provider) => (
              <option key={provider} value={provider}>
                {provider}
              </option>
            ))}
          </select>
        </div>

        <div className={styles.field}>
          <label htmlFor={ids.model} className="field-label">
            Model
          </label>
          <select
            id={ids.model}
            value={search.model ?? ''}
            onChange={(event) => onChange({ ...search, model: event.target.value || undefined })}
          >
            <option value="">All models</option>
            {modelNames.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </div>

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
          <div className={styles.field}>
            <label htmlFor={ids.from} className="field-label">
              From (UTC)
            </label>
            <input
              id={ids.from}
              type="datetime-local"
              value={range.from}
              required
              aria-invalid={rangeError ? true : undefined}
              aria-describedby={rangeError ? ids.error : undefined}
              onChange={(event) => setRange({ ...range, from: event.target.value })}
            />
          </div>
          <div className={styles.field}>
            <label htmlFor={ids.to} className="field-label">
              To (UTC)
            </label>
            <input
              id={ids.to}
              type="datetime-local"
              value={range.to}
              required
              aria-invalid={rangeError ? true : undefined}
              aria-describedby={rangeError ? ids.error : undefined}
              onChange={(event) => setRange({ ...range, to: event.target.value })}
            />
          </div>
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
