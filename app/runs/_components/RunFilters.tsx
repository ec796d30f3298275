'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTransition, type FormEvent, type ReactNode } from 'react';
import { SelectOptions } from '@/app/_components/SelectOptions';
import type { RunFilterOptions } from '@/lib/runs/run-filter-options';
import { RUN_STATUSES } from '@/lib/run-events/schema';
import { QUICK_RANGES, runListQuery, type RunListFilterValues } from '@/lib/runs/run-list-query';
import styles from './RunFilters.module.css';

/** ISO timestamp → the value of a `datetime-local` input, in UTC (the list shows UTC everywhere). */
function toInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 19);
}

/** Keeps the original ISO text when the field was not edited (telemetry links carry milliseconds). */
function fromInput(value: string, original: string | undefined): string | undefined {
  if (!value) return undefined;
  if (original && toInput(original) === value) return original;
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
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
  const providers = withCurrent(options.providers, values.provider);
  const modelsByProvider = new Map<string, string[]>();
  for (const { provider, model } of options.models) modelsByProvider.set(provider, [...(modelsByProvider.get(provider) ?? []), model]);
  const knownModel = !values.model || options.models.some((entry) => entry.model === values.model);
  const errorKinds = withCurrent(options.errorKinds, values.errorKind);

  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const go = (next: RunListFilterValues) => startTransition(() => router.push(`/runs${runListQuery(next)}`));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' && value.trim() ? value.trim() : undefined;
    };
    go({
      status: field('status'),
      provider: field('provider'),
      model: field('model'),
      errorKind: field('errorKind'),
      hasErrors: form.get('hasErrors') ? '1' : undefined,
      from: fromInput(field('from') ?? '', values.from),
      to: fromInput(field('to') ?? '', values.to),
    });
  };

  const quick = (ms: number) => go({ ...values, from: new Date(Date.now() - ms).toISOString(), to: undefined, cursor: undefined });

  return (
    <form
      className={`panel ${styles.form}`}
      onSubmit={onSubmit}
      key={JSON.stringify(values)}
      aria-label="Filter runs"
      data-testid="run-filters"
    >
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
        <Filter label="From (UTC)">
          <input type="datetime-local" name="from" step={1} defaultValue={toInput(values.from)} />
        </Filter>
        <Filter label="To (UTC)">
          <input type="datetime-local" name="to" step={1} defaultValue={toInput(values.to)} />
        </Filter>
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
