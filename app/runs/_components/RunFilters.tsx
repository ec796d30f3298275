'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition, type FormEvent, type ReactNode } from 'react';
import { SelectOptions } from '@/app/_components/SelectOptions';
import { UtcTimeInput } from '@/app/_components/UtcTimeInput';
import { parseUtcTimeText, UTC_TIME_FORMAT, utcTimeText } from '@/app/_components/utc-time-text';
import type { RunFilterOptions } from '@/lib/runs/run-filter-options';
import { RUN_STATUSES } from '@/lib/run-events/schema';
import { QUICK_RANGES, runListQuery, type RunListFilterValues } from '@/lib/runs/run-list-query';
import { useAddressFilters } from './use-address-filters';
import styles from './RunFilters.module.css';

type TimeEnd = 'from' | 'to';

/** The ISO time of a From / To field, or null when its text is no time; the original text when it was not edited (telemetry links carry milliseconds). */
function timeOf(text: string, original: string | undefined): { iso: string | undefined } | null {
  if (!text) return { iso: undefined };
  if (original && utcTimeText(original) === text) return { iso: original };
  const iso = parseUtcTimeText(text);
  return iso ? { iso } : null;
}

/** The choices, plus the current value when the data does not have it (a shared link keeps showing what it filters on). */
function withCurrent(choices: readonly string[], current: string | undefined): string[] {
  return current && !choices.includes(current) ? [current, ...choices] : [...choices];
}

/** A filter: its name above its control, both in one label. */
function Filter({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className={styles.field}>
      <span className="field-label">{label}</span>
      {children}
    </label>
  );
}

/** A From / To filter: a time typed in 24-hour UTC, and what is wrong with it. */
function TimeFilter({ end, value, invalid }: { end: TimeEnd; value: string | undefined; invalid: boolean }) {
  const id = useId();
  return (
    <div className={styles.field}>
      <label htmlFor={id} className="field-label">
        {end === 'from' ? 'From (UTC)' : 'To (UTC)'}
      </label>
      <UtcTimeInput
        id={id}
        name={end}
        defaultValue={utcTimeText(value)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
      />
      {invalid ? (
        <p id={`${id}-error`} className={styles.fieldError}>
          Enter a time as {UTC_TIME_FORMAT}, 24-hour UTC (seconds optional).
        </p>
      ) : null}
    </div>
  );
}

/** A filter of one choice; the empty choice is "any". */
function ChoiceFilter({ label, name, value, children }: { label: string; name: string; value: string | undefined; children: ReactNode }) {
  return (
    <Filter label={label}>
      <select name={name} defaultValue={value ?? ''}>
        <option value="">any</option>
        {children}
      </select>
    </Filter>
  );
}

export function RunFilters({ values, options }: { values: RunListFilterValues; options: RunFilterOptions }) {
  const shown = useAddressFilters(values);
  // A new address (a filter applied, Back, Forward) draws the form afresh from its filters.
  return <FilterForm key={JSON.stringify(shown)} values={shown} options={options} />;
}

function FilterForm({ values, options }: { values: RunListFilterValues; options: RunFilterOptions }) {
  const providers = withCurrent(options.providers, values.provider);
  const modelsByProvider = new Map<string, string[]>();
  for (const { provider, model } of options.models) modelsByProvider.set(provider, [...(modelsByProvider.get(provider) ?? []), model]);
  const knownModel = !values.model || options.models.some((entry) => entry.model === values.model);
  const errorKinds = withCurrent(options.errorKinds, values.errorKind);

  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [invalidTimes, setInvalidTimes] = useState<TimeEnd[]>([]);
  const go = (next: RunListFilterValues) => startTransition(() => router.push(`/runs${runListQuery(next)}`));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' && value.trim() ? value.trim() : undefined;
    };
    const from = timeOf(field('from') ?? '', values.from);
    const to = timeOf(field('to') ?? '', values.to);
    const invalid = (['from', 'to'] as const).filter((end) => !(end === 'from' ? from : to));
    setInvalidTimes(invalid);
    if (invalid.length) {
      (formElement.elements.namedItem(invalid[0]!) as HTMLInputElement).focus();
      return;
    }
    go({
      status: field('status'),
      provider: field('provider'),
      model: field('model'),
      errorKind: field('errorKind'),
      hasErrors: form.get('hasErrors') ? '1' : undefined,
      from: from!.iso,
      to: to!.iso,
    });
  };

  const quick = (ms: number) => go({ ...values, from: new Date(Date.now() - ms).toISOString(), to: undefined, cursor: undefined });

  return (
    <form className={`panel ${styles.form}`} onSubmit={onSubmit} noValidate aria-label="Filter runs" data-testid="run-filters">
      <div className={styles.fields}>
        <ChoiceFilter label="Status" name="status" value={values.status}>
          <SelectOptions choices={RUN_STATUSES} />
        </ChoiceFilter>
        <ChoiceFilter label="Provider" name="provider" value={values.provider}>
          <SelectOptions choices={providers} />
        </ChoiceFilter>
        <ChoiceFilter label="Model" name="model" value={values.model}>
          {knownModel ? null : <option value={values.model}>{values.model}</option>}
          {[...modelsByProvider].map(([provider, models]) => (
            <optgroup key={provider} label={provider}>
              {models.map((model) => (
                <option key={`${provider}/${model}`} value={model}>
                  {model}
                </option>
              ))}
            </optgroup>
          ))}
        </ChoiceFilter>
        <ChoiceFilter label="Error kind" name="errorKind" value={values.errorKind}>
          <SelectOptions choices={errorKinds} />
        </ChoiceFilter>
        {(['from', 'to'] as const).map((end) => (
          <TimeFilter key={end} end={end} value={values[end]} invalid={invalidTimes.includes(end)} />
        ))}
      </div>
      <div className={styles.actions}>
        <label className={styles.checkbox}>
          <input type="checkbox" name="hasErrors" value="1" defaultChecked={values.hasErrors === '1' || values.hasErrors === 'true'} />
          <span>Has errors</span>
        </label>
        <div className={styles.quick} role="group" aria-label="Provider calls in the last">
          <span className="muted">Calls in the last</span>
          {QUICK_RANGES.map((range) => (
            <button type="button" key={range.label} onClick={() => quick(range.ms)} disabled={pending}>
              {range.label}
            </button>
          ))}
        </div>
        <div className={styles.submit}>
          {pending ? (
            <span className="muted" role="status">
              Loading…
            </span>
          ) : null}
          <Link href="/runs">Clear</Link>
          <button type="submit" className="button-primary" disabled={pending}>
            Apply filters
          </button>
        </div>
      </div>
    </form>
  );
}
