'use client';

import { useId, useState, type FormEvent } from 'react';
import { FormField } from '@/app/_components/FormField';
import { SelectField } from '@/app/_components/SelectField';
import { UtcTimeInput } from '@/app/_components/UtcTimeInput';
import { parseUtcTimeText, UTC_TIME_FORMAT, utcTimeText } from '@/app/_components/utc-time-text';
import { formatUtc } from '@/lib/telemetry/format';
import type { FilterOptions } from '@/lib/telemetry/types';
import { searchOf, WINDOW_KINDS, WINDOW_PRESETS, type TelemetrySearch, type WindowKind } from '@/lib/telemetry/window';
import styles from './TelemetryControls.module.css';

const WINDOW_LABELS: Record<WindowKind, string> = {
  ...Object.fromEntries(Object.entries(WINDOW_PRESETS).map(([kind, preset]) => [kind, preset.label])),
  custom: 'Custom',
} as Record<WindowKind, string>;

/** A window end as its field shows it: 24-hour UTC to the minute, as the charts' times read. */
const TIME_ENDS = ['from', 'to'] as const;
type TimeEnd = (typeof TIME_ENDS)[number];
const END_LABELS: Record<TimeEnd, string> = { from: 'From', to: 'To' };

function toInputValue(iso: string): string {
  return utcTimeText(iso, 'minutes');
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
  // What is wrong with the range, and the ends it is about (both, unless one end is no time).
  const [rangeError, setRangeError] = useState<{ message: string; ends: readonly TimeEnd[] } | null>(null);
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
    // An empty end is left to searchOf ("needs both from and to"); a typed one must be a time.
    const [from, to] = [range.from, range.to].map((text) => (text.trim() ? parseUtcTimeText(text) : undefined));
    const unreadable = TIME_ENDS.filter((end) => (end === 'from' ? from : to) === null);
    if (unreadable.length) {
      const names = unreadable.map((end) => END_LABELS[end]).join(' and ');
      setRangeError({ message: `${names}: type a time as ${UTC_TIME_FORMAT}, 24-hour UTC.`, ends: unreadable });
      return;
    }
    const parsed = searchOf({ ...search, window: 'custom', from: from ?? undefined, to: to ?? undefined });
    if (!parsed.success) {
      setRangeError({ message: parsed.error, ends: TIME_ENDS });
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
          {TIME_ENDS.map((end) => (
            <FormField key={end} classes={styles} id={ids[end]} label={`${END_LABELS[end]} (UTC)`}>
              {(control) => (
                <UtcTimeInput
                  {...control}
                  value={range[end]}
                  required
                  // The ends it is about are described by the one error of the range.
                  aria-invalid={rangeError?.ends.includes(end) || undefined}
                  aria-describedby={rangeError?.ends.includes(end) ? ids.error : undefined}
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
              {rangeError.message}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
