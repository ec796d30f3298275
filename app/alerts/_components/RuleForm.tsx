'use client';

import Link from 'next/link';
import { useActionState, useState, type FormEvent } from 'react';
import {
  ALERT_COMPARISONS,
  ALERT_METRICS,
  COMPARISON_LABELS,
  COMPARISON_SYMBOLS,
  METRICS,
  formatWindow,
  type AlertMetric,
} from '@/lib/alerts/metrics';
import { MIN_RATIO_CALLS, WINDOW_CHOICES, ruleInputFromForm, validateAlertRule, type FieldErrors } from '@/lib/alerts/rule-schema';
import type { AlertRuleView } from '@/lib/alerts/rules';
import { saveAlertRuleAction, type RuleFormState } from '../actions';
import { FormField } from '@/app/_components/FormField';
import { SelectOptions } from '@/app/_components/SelectOptions';
import styles from './Alerts.module.css';

type Props = {
  /** The rule being edited, or null for a new one. */
  editing: AlertRuleView | null;
  providers: string[];
  models: Array<{ provider: string; model: string }>;
  /** SWITCHBOARD_ALERT_WEBHOOK_URL, masked, when set. */
  defaultWebhook: string | null;
};

const INITIAL: RuleFormState = { status: 'idle', message: null, fieldErrors: {}, values: null, version: 0 };

function Field(props: Omit<Parameters<typeof FormField>[0], 'classes'>) {
  return <FormField classes={styles} {...props} />;
}

function defaultsOf(editing: AlertRuleView | null): Record<string, string | boolean> {
  if (!editing) {
    return {
      name: '',
      metric: 'rate_limit_incidents',
      comparison: 'gte',
      threshold: '5',
      provider: '',
      model: '',
      windowSeconds: '300',
      minCalls: '1',
      enabled: true,
      clearWebhook: false,
    };
  }
  return {
    name: editing.name,
    metric: editing.metric,
    comparison: editing.comparison,
    threshold: String(editing.threshold),
    provider: editing.provider ?? '',
    model: editing.model ?? '',
    windowSeconds: String(editing.windowSeconds),
    minCalls: String(editing.minCalls),
    enabled: editing.enabled,
    clearWebhook: false,
  };
}

export function RuleForm(props: Props) {
  const [state, action, pending] = useActionState(saveAlertRuleAction, INITIAL);
  // A new key per answer: the fields remount with the submitted values (after errors) or empty (after a save).
  return <RuleFields key={`${props.editing?.id ?? 'new'}-${state.version}`} {...props} state={state} action={action} pending={pending} />;
}

function RuleFields({
  editing,
  providers,
  models,
  defaultWebhook,
  state,
  action,
  pending,
}: Props & { state: RuleFormState; action: (form: FormData) => void; pending: boolean }) {
  const initial = { ...defaultsOf(editing), ...(state.values ?? {}) };
  const [metric, setMetric] = useState<AlertMetric>(
    (ALERT_METRICS as readonly string[]).includes(String(initial.metric)) ? (initial.metric as AlertMetric) : 'rate_limit_incidents',
  );
  const [comparison, setComparison] = useState(String(initial.comparison));
  const [provider, setProvider] = useState(String(initial.provider));
  const [minCalls, setMinCalls] = useState(String(initial.minCalls));
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const errors = clientErrors ?? state.fieldErrors;
  const definition = METRICS[metric];
  const windows = [...new Set([...WINDOW_CHOICES, Number(initial.windowSeconds) || 300])].sort((a, b) => a - b);
  const providerChoices = [...new Set([...providers, ...(provider ? [provider] : [])])].sort();
  const modelChoices = models.filter((entry) => !provider || entry.provider === provider).map((entry) => entry.model);
  const prefix = editing ? `edit-${editing.id.slice(0, 8)}` : 'new';
  const fieldId = (name: string) => `${prefix}-${name}`;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const validated = validateAlertRule(ruleInputFromForm(new FormData(event.currentTarget)));
    if (!validated.ok) {
      event.preventDefault();
      setClientErrors(validated.fieldErrors);
      const first = Object.keys(validated.fieldErrors)[0];
      if (first) document.getElementById(fieldId(first))?.focus();
      return;
    }
    setClientErrors(null);
  };

  const changeMetric = (next: AlertMetric) => {
    setMetric(next);
    setComparison(METRICS[next].comparison);
    // A ratio over a handful of calls says nothing: start ratio rules at a sample worth alerting on.
    const calls = Number(minCalls);
    if (METRICS[next].ratio && (!Number.isFinite(calls) || calls < MIN_RATIO_CALLS)) setMinCalls('20');
  };

  const headingId = `${prefix}-heading`;
  return (
    <section className={`panel ${styles.panel}`} aria-labelledby={headingId} id="rule-form">
      <div className="panel-header">
        <h2 id={headingId}>{editing ? `Edit rule “${editing.name}”` : 'New rule'}</h2>
        {editing ? <Link href="/alerts#rules">Cancel editing</Link> : null}
      </div>
      <form
        action={action}
        onSubmit={onSubmit}
        noValidate
        className={styles.form}
        aria-describedby={state.message ? `${prefix}-status` : undefined}
      >
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        <div className={styles.formGrid}>
          <Field id={fieldId('name')} label="Name" errors={errors.name} wide>
            {(control) => <input {...control} name="name" defaultValue={String(initial.name)} maxLength={100} autoComplete="off" />}
          </Field>
          <Field id={fieldId('metric')} label="Metric" hint={`${definition.definition}.`} errors={errors.metric}>
            {(control) => (
              <select {...control} name="metric" value={metric} onChange={(event) => changeMetric(event.target.value as AlertMetric)}>
                <SelectOptions choices={ALERT_METRICS} label={(value) => METRICS[value].label} />
              </select>
            )}
          </Field>
          <Field id={fieldId('comparison')} label="Fires when the value is" errors={errors.comparison}>
            {(control) => (
              <select {...control} name="comparison" value={comparison} onChange={(event) => setComparison(event.target.value)}>
                <SelectOptions choices={ALERT_COMPARISONS} label={(value) => `${COMPARISON_SYMBOLS[value]} ${COMPARISON_LABELS[value]}`} />
              </select>
            )}
          </Field>
          <Field id={fieldId('threshold')} label={`Threshold (${definition.unit})`} errors={errors.threshold}>
            {(control) => <input {...control} name="threshold" inputMode="decimal" defaultValue={String(initial.threshold)} />}
          </Field>
          <Field id={fieldId('windowSeconds')} label="Window" errors={errors.windowSeconds}>
            {(control) => (
              <select {...control} name="windowSeconds" defaultValue={String(initial.windowSeconds)}>
                <SelectOptions choices={windows} label={(seconds) => `last ${formatWindow(seconds)}`} />
              </select>
            )}
          </Field>
          <Field
            id={fieldId('minCalls')}
            label="Minimum calls"
            hint={`${definition.sample} in the window before it can fire${definition.ratio ? ` (at least ${MIN_RATIO_CALLS} for a ratio)` : ''}.`}
            errors={errors.minCalls}
          >
            {(control) => (
              <input
                {...control}
                name="minCalls"
                inputMode="numeric"
                value={minCalls}
                onChange={(event) => setMinCalls(event.target.value)}
              />
            )}
          </Field>
          <Field id={fieldId('provider')} label="Provider" errors={errors.provider}>
            {(control) => (
              <select {...control} name="provider" value={provider} onChange={(event) => setProvider(event.target.value)}>
                <SelectOptions blank="All providers" choices={providerChoices} />
              </select>
            )}
          </Field>
          <Field id={fieldId('model')} label="Model (requested)" hint="Blank: every model of the provider." errors={errors.model}>
            {(control) => (
              <>
                <input {...control} name="model" list={`${prefix}-models`} defaultValue={String(initial.model)} autoComplete="off" />
                <datalist id={`${prefix}-models`}>
                  {[...new Set(modelChoices)].map((value) => (
                    <option key={value} value={value} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field
            id={fieldId('webhookUrl')}
            label="Webhook URL"
            wide
            errors={errors.webhookUrl}
            hint={
              <>
                {editing?.webhook.source === 'rule'
                  ? `This rule posts to ${editing.webhook.masked}; blank keeps it.`
                  : defaultWebhook
                    ? `Blank: the default webhook (${defaultWebhook}, from SWITCHBOARD_ALERT_WEBHOOK_URL).`
                    : 'Blank: no webhook (set SWITCHBOARD_ALERT_WEBHOOK_URL for a default).'}{' '}
                http(s) only; it stays on the server and is shown as scheme and host only.
              </>
            }
          >
            {(control) => <input {...control} name="webhookUrl" type="url" inputMode="url" autoComplete="off" spellCheck={false} />}
          </Field>
        </div>
        <div className={styles.formFooter}>
          <label className={styles.checkbox}>
            <input type="checkbox" name="enabled" defaultChecked={initial.enabled !== false} />
            <span>Enabled</span>
          </label>
          {editing?.webhook.source === 'rule' ? (
            <label className={styles.checkbox}>
              <input type="checkbox" name="clearWebhook" defaultChecked={initial.clearWebhook === true} />
              <span>Remove this rule&apos;s webhook</span>
            </label>
          ) : null}
          <span className={styles.spacer} />
          <p id={`${prefix}-status`} role="status" className={state.status === 'invalid' || clientErrors ? 'error-text' : styles.saved}>
            {clientErrors ? 'Some fields need attention.' : (state.message ?? '')}
            {errors.form ? ` ${errors.form.join('; ')}` : ''}
          </p>
          <button type="submit" className={`button-primary ${styles.submit}`} disabled={pending}>
            {pending ? 'Saving…' : editing ? 'Save rule' : 'Add rule'}
          </button>
        </div>
      </form>
    </section>
  );
}
