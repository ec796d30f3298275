'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTransition, type FormEvent } from 'react';
import { ERROR_KINDS, RUN_STATUSES } from '@/lib/runs/run-status';
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

export function RunFilters({ values, providers, models }: { values: RunListFilterValues; providers: string[]; models: string[] }) {
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
    <form className={`panel ${styles.form}`} onSubmit={onSubmit} key={JSON.stringify(values)} aria-label="Filter runs" data-testid="run-filters">
      <div className={styles.fields}>
        <label className={styles.field}>
          <span>Status</span>
          <select name="status" defaultValue={values.status ?? ''}>
            <option value="">any</option>
            {RUN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          <span>Provider</span>
          <input name="provider" list="run-filter-providers" defaultValue={values.provider ?? ''} placeholder="any" autoComplete="off" />
        </label>
        <label className={styles.field}>
          <span>Model</span>
          <input name="model" list="run-filter-models" defaultValue={values.model ?? ''} placeholder="any" autoComplete="off" />
        </label>
        <label className={styles.field}>
          <span>Error kind</span>
          <input name="errorKind" list="run-filter-error-kinds" defaultValue={values.errorKind ?? ''} placeholder="any" autoComplete="off" />
        </label>
        <label className={styles.field}>
          <span>From (UTC)</span>
          <input type="datetime-local" name="from" step={1} defaultValue={toInput(values.from)} />
        </label>
        <label className={styles.field}>
          <span>To (UTC)</span>
          <input type="datetime-local" name="to" step={1} defaultValue={toInput(values.to)} />
        </label>
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
          <button type="submit" className={styles.primary} disabled={pending}>
            Apply filters
          </button>
        </div>
      </div>
      <datalist id="run-filter-providers">
        {providers.map((provider) => (
          <option key={provider} value={provider} />
        ))}
      </datalist>
      <datalist id="run-filter-models">
        {models.map((model) => (
          <option key={model} value={model} />
        ))}
      </datalist>
      <datalist id="run-filter-error-kinds">
        {ERROR_KINDS.map((kind) => (
          <option key={kind} value={kind} />
        ))}
      </datalist>
    </form>
  );
}
