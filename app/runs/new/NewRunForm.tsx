'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, useTransition, type FormEvent, type KeyboardEvent } from 'react';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TOOLS, MAX_FALLBACKS, type FieldErrors, type StartRunContext } from '@/lib/runs/run-input';
import type { LintFinding } from '@/lib/config/lint-profile';
import type { ProviderProfile } from '@/lib/config/profile-schema';
import { startRunAction } from './actions';
import { errorsByField, firstInvalidField, newIdempotencyKey, validateRunForm, type RunFormValues } from './run-form-input';
import { FieldError, FormField } from '@/app/_components/FormField';
import styles from './NewRunForm.module.css';

export type ProfileOption = { profile: ProviderProfile; disabledReason: string | null; findings: LintFinding[] };

type Props = {
  profiles: ProfileOption[];
  tools: string[];
  scenarios: { value: string; label: string }[];
  /** The folders of workspace-templates/, listed on the server. */
  workspaceTemplates: string[];
  initialProfile?: string;
  /** Made by the server for this rendering of the form: it starts at most one run. */
  idempotencyKey: string;
};

/** The template the example task is written for. */
const EXAMPLE_TEMPLATE = 'sample-project';
const ADVANCED_FIELDS = new Set(['run-system-prompt', 'run-fallback-add']);

/**
 * Keys whose form already started a run. Going back to the form (the router keeps the rendered
 * page) mounts it again with the same key: it gets a new one, or Start would answer with the old run.
 */
const usedKeys = new Set<string>();

function taskExample(template: string): string {
  return template === EXAMPLE_TEMPLATE
    ? 'What should the agent do? e.g. "Use list_files, then read_file {"path": "README.md"} and summarize it."'
    : 'What should the agent do? e.g. "Use write_file {"path": "notes.md", "content": "hello"} and then list_files."';
}

function ErrorText({ id, errors }: { id: string; errors?: string[] }) {
  return <FieldError id={id} errors={errors} className={styles.fieldError} />;
}

function Field(props: Omit<Parameters<typeof FormField>[0], 'classes'>) {
  return <FormField classes={styles} {...props} />;
}

export function NewRunForm({ profiles, tools, scenarios, workspaceTemplates, initialProfile, idempotencyKey: renderedKey }: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  // Set before anything else when a submission starts, so a second one (Ctrl+Enter again, Enter in
  // a field, a click) is refused even before React re-renders the disabled button.
  const submitting = useRef(false);
  const [idempotencyKey] = useState(() => (usedKeys.has(renderedKey) ? newIdempotencyKey() : renderedKey));
  const firstUsable = profiles.find((option) => !option.disabledReason)?.profile.name ?? '';
  const [profileName, setProfileName] = useState(
    profiles.some((option) => option.profile.name === initialProfile && !option.disabledReason) ? initialProfile! : firstUsable,
  );
  const selected = profiles.find((option) => option.profile.name === profileName)?.profile;
  const [model, setModel] = useState(selected?.model ?? '');
  const [stream, setStream] = useState(selected?.stream ?? true);
  const [temperature, setTemperature] = useState('');
  const [maxOutputTokens, setMaxOutputTokens] = useState('');
  const [effort, setEffort] = useState('');
  const [budget, setBudget] = useState('');
  const [cachePolicy, setCachePolicy] = useState('');
  const [cacheTtl, setCacheTtl] = useState('');
  const [scenario, setScenario] = useState('');
  const [enabledTools, setEnabledTools] = useState<string[]>([...DEFAULT_TOOLS]);
  const [maxTurns, setMaxTurns] = useState('8');
  const [workspaceTemplate, setWorkspaceTemplate] = useState(workspaceTemplates.includes(EXAMPLE_TEMPLATE) ? EXAMPLE_TEMPLATE : '');
  const [systemPrompt, setSystemPrompt] = useState('');
  const [fallbacks, setFallbacks] = useState<string[]>([]);
  const [fallbackChoice, setFallbackChoice] = useState('');
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [task, setTask] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // Bumped when errors are shown: the first invalid control gets the focus once they are rendered.
  const [focusRequest, setFocusRequest] = useState(0);
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState(false);

  const context: StartRunContext = useMemo(
    () => ({
      profiles: profiles.map(({ profile, disabledReason }) => ({ name: profile.name, label: profile.label, disabledReason })),
      workspaceTemplates,
    }),
    [profiles, workspaceTemplates],
  );
  const labelOf = (name: string) => profiles.find((option) => option.profile.name === name)?.profile.label ?? name;

  const selectProfile = (name: string) => {
    setProfileName(name);
    const profile = profiles.find((option) => option.profile.name === name)?.profile;
    setModel(profile?.model ?? '');
    setStream(profile?.stream ?? true);
    setScenario('');
    // A run does not fall back to its own profile.
    setFallbacks((current) => current.filter((fallback) => fallback !== name));
  };

  const byProvider = useMemo(() => {
    const groups = new Map<string, ProfileOption[]>();
    for (const option of profiles) groups.set(option.profile.provider, [...(groups.get(option.profile.provider) ?? []), option]);
    return [...groups.entries()];
  }, [profiles]);

  const findings = profiles.find((option) => option.profile.name === profileName)?.findings ?? [];
  const isSimulator = selected?.provider === 'simulator';
  const { byId, other } = errorsByField(errors);

  useEffect(() => {
    if (!focusRequest) return;
    const first = firstInvalidField(errorsByField(errors).byId);
    if (!first) return;
    const target =
      first.id === 'run-tools' ? document.querySelector<HTMLInputElement>('#run-tools input') : document.getElementById(first.id);
    target?.focus();
    // Only when errors are shown (focusRequest), not on every edit.
  }, [focusRequest]);

  const showErrors = (next: FieldErrors, message: string) => {
    setErrors(next);
    setFormError(message);
    const first = firstInvalidField(errorsByField(next).byId);
    if (first && ADVANCED_FIELDS.has(first.id)) setAdvancedOpen(true);
    setFocusRequest((count) => count + 1);
  };

  const values = (): RunFormValues => ({
    profileName,
    model,
    stream,
    temperature,
    maxOutputTokens,
    effort,
    budgetTokens: budget,
    cachePolicy,
    cacheTtl,
    maxTurns,
    workspaceTemplate,
    tools: enabledTools,
    simulatorScenario: isSimulator ? scenario : '',
    task,
    systemPrompt,
    fallbacks,
    idempotencyKey,
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting.current) return;
    const validated = validateRunForm(values(), selected, context);
    if (!validated.ok) {
      showErrors(validated.errors, 'Some fields need attention.');
      return;
    }
    submitting.current = true;
    setBusy(true);
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      let failure: { errors: FieldErrors; message: string };
      try {
        const result = await startRunAction(validated.input);
        if (result.ok) {
          usedKeys.add(idempotencyKey);
          // Still submitting: the page is leaving for the run.
          router.push(`/runs/${result.runId}`);
          return;
        }
        failure = { errors: result.fieldErrors, message: result.message };
      } catch {
        failure = { errors: {}, message: 'The server could not be reached. Try again: this form never starts the same run twice.' };
      }
      submitting.current = false;
      setBusy(false);
      showErrors(failure.errors, failure.message);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    // The same path as the button and Enter in a field: the form's submit event.
    if (!event.repeat) formRef.current?.requestSubmit();
  };

  const describedBy = (id: string, hint = false) =>
    [byId[id]?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  const invalid = (id: string) => (byId[id]?.length ? true : undefined);

  const fallbackCandidates = profiles.filter(({ profile }) => profile.name !== profileName && !fallbacks.includes(profile.name));
  const addFallback = () => {
    const candidate = profiles.find(({ profile }) => profile.name === fallbackChoice);
    if (!candidate || candidate.disabledReason || fallbacks.length >= MAX_FALLBACKS) return;
    setFallbacks((current) => [...current, candidate.profile.name]);
    setFallbackChoice('');
  };
  const moveFallback = (index: number, by: -1 | 1) =>
    setFallbacks((current) => {
      const next = [...current];
      const [moved] = next.splice(index, 1);
      next.splice(index + by, 0, moved!);
      return next;
    });
  const advancedSummary = [
    systemPrompt.trim() ? 'custom system prompt' : null,
    fallbacks.length ? `${fallbacks.length} fallback${fallbacks.length === 1 ? '' : 's'}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const submitDisabled = pending || busy || !profileName;

  return (
    <form
      ref={formRef}
      className={styles.form}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
      aria-busy={busy}
      aria-describedby={formError ? 'form-error' : undefined}
    >
      <section className={`panel ${styles.section}`} aria-labelledby="profile-heading">
        <h2 id="profile-heading">Provider profile</h2>
        <div className={styles.grid}>
          <Field id="run-profile" label="Profile" errors={byId['run-profile']}>
            <select
              id="run-profile"
              value={profileName}
              onChange={(event) => selectProfile(event.target.value)}
              aria-invalid={invalid('run-profile')}
              aria-describedby={describedBy('run-profile')}
              name="profileName"
            >
              {byProvider.map(([provider, group]) => (
                <optgroup key={provider} label={provider}>
                  {group.map(({ profile, disabledReason }) => (
                    <option key={profile.name} value={profile.name} disabled={!!disabledReason}>
                      {profile.label}
                      {disabledReason ? ` — unavailable: ${disabledReason}` : ''}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </Field>
          <Field id="run-model" label="Model" errors={byId['run-model']}>
            <input
              id="run-model"
              value={model}
              onChange={(event) => setModel(event.target.value)}
              name="model"
              aria-invalid={invalid('run-model')}
              aria-describedby={describedBy('run-model')}
              autoComplete="off"
            />
          </Field>
          <div className={styles.field}>
            <span className="field-label">Runtime</span>
            <code className={styles.readonly}>{selected?.runtime ?? '—'}</code>
          </div>
        </div>
        {profiles.some((option) => option.disabledReason) ? (
          <ul className={styles.unavailable} aria-label="Unavailable profiles">
            {profiles
              .filter((option) => option.disabledReason)
              .map(({ profile, disabledReason }) => (
                <li key={profile.name}>
                  <span className="muted">{profile.label}:</span> {disabledReason}
                </li>
              ))}
          </ul>
        ) : null}
        {findings.length ? (
          <ul className={styles.findings} aria-label="Profile lint">
            {findings.map((finding) => (
              <li key={`${finding.setting}-${finding.message}`} className={styles[finding.severity]}>
                <strong>{finding.severity}</strong> <code>{finding.setting}</code> {finding.message}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className={`panel ${styles.section}`} aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings for this run</h2>
        <p className="muted">Empty fields keep the profile&apos;s value{selected ? ` (${describeDefaults(selected)})` : ''}.</p>
        <div className={styles.grid}>
          <div className={styles.field}>
            <label className={styles.checkbox}>
              <input
                id="run-stream"
                type="checkbox"
                checked={stream}
                onChange={(event) => setStream(event.target.checked)}
                name="stream"
                aria-invalid={invalid('run-stream')}
                aria-describedby={describedBy('run-stream')}
              />
              <span>Stream the answer</span>
            </label>
            <ErrorText id="run-stream-error" errors={byId['run-stream']} />
          </div>
          <Field
            id="run-temperature"
            label="Temperature"
            hint={selected?.runtime === 'anthropic-messages' ? '0 to 1 (Anthropic)' : '0 to 2'}
            errors={byId['run-temperature']}
          >
            <input
              id="run-temperature"
              inputMode="decimal"
              value={temperature}
              onChange={(event) => setTemperature(event.target.value)}
              placeholder={selected?.temperature?.toString() ?? 'provider default'}
              name="temperature"
              aria-invalid={invalid('run-temperature')}
              aria-describedby={describedBy('run-temperature', true)}
              autoComplete="off"
            />
          </Field>
          <Field id="run-max-tokens" label="Max output tokens" errors={byId['run-max-tokens']}>
            <input
              id="run-max-tokens"
              inputMode="numeric"
              value={maxOutputTokens}
              onChange={(event) => setMaxOutputTokens(event.target.value)}
              placeholder={selected?.maxOutputTokens?.toString() ?? 'provider default'}
              name="maxOutputTokens"
              aria-invalid={invalid('run-max-tokens')}
              aria-describedby={describedBy('run-max-tokens')}
              autoComplete="off"
            />
          </Field>
          <Field id="run-effort" label="Reasoning effort" errors={byId['run-effort']}>
            <select
              id="run-effort"
              value={effort}
              onChange={(event) => setEffort(event.target.value)}
              name="effort"
              aria-invalid={invalid('run-effort')}
              aria-describedby={describedBy('run-effort')}
            >
              <option value="">{selected?.reasoning?.effort ? `profile (${selected.reasoning.effort})` : 'off / profile'}</option>
              {['minimal', 'low', 'medium', 'high'].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </Field>
          <Field id="run-budget" label="Thinking budget (tokens)" errors={byId['run-budget']}>
            <input
              id="run-budget"
              inputMode="numeric"
              value={budget}
              onChange={(event) => setBudget(event.target.value)}
              placeholder={selected?.reasoning?.budgetTokens?.toString() ?? 'Anthropic / OpenRouter'}
              name="budgetTokens"
              aria-invalid={invalid('run-budget')}
              aria-describedby={describedBy('run-budget')}
              autoComplete="off"
            />
          </Field>
          <Field id="run-cache-policy" label="Cache policy" errors={byId['run-cache-policy']}>
            <select
              id="run-cache-policy"
              value={cachePolicy}
              onChange={(event) => setCachePolicy(event.target.value)}
              name="cachePolicy"
              aria-invalid={invalid('run-cache-policy')}
              aria-describedby={describedBy('run-cache-policy')}
            >
              <option value="">{selected?.cache ? `profile (${selected.cache.policy})` : 'profile'}</option>
              {['off', 'system', 'system+tools', 'system+tools+last-turn'].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </Field>
          <Field id="run-cache-ttl" label="Cache TTL" errors={byId['run-cache-ttl']}>
            <select
              id="run-cache-ttl"
              value={cacheTtl}
              onChange={(event) => setCacheTtl(event.target.value)}
              name="cacheTtl"
              disabled={!cachePolicy || cachePolicy === 'off'}
              aria-invalid={invalid('run-cache-ttl')}
              aria-describedby={describedBy('run-cache-ttl')}
            >
              <option value="">5m (default)</option>
              <option value="1h">1h</option>
            </select>
          </Field>
          <Field id="run-max-turns" label="Max turns" hint="1 to 50" errors={byId['run-max-turns']}>
            <input
              id="run-max-turns"
              inputMode="numeric"
              value={maxTurns}
              onChange={(event) => setMaxTurns(event.target.value)}
              name="maxTurns"
              aria-invalid={invalid('run-max-turns')}
              aria-describedby={describedBy('run-max-turns', true)}
              autoComplete="off"
            />
          </Field>
          <Field
            id="run-template"
            label="Workspace"
            hint="Copied into the run's own workspace before it starts."
            errors={byId['run-template']}
          >
            <select
              id="run-template"
              value={workspaceTemplate}
              onChange={(event) => setWorkspaceTemplate(event.target.value)}
              name="workspaceTemplate"
              aria-invalid={invalid('run-template')}
              aria-describedby={describedBy('run-template', true)}
            >
              <option value="">Empty workspace</option>
              {workspaceTemplates.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset id="run-tools" className={styles.tools} aria-describedby={describedBy('run-tools')}>
          <legend className="field-label">Tools</legend>
          {tools.map((tool) => (
            <label key={tool} className={styles.checkbox}>
              <input
                type="checkbox"
                name="tools"
                value={tool}
                checked={enabledTools.includes(tool)}
                aria-invalid={invalid('run-tools')}
                onChange={(event) =>
                  setEnabledTools((current) => (event.target.checked ? [...current, tool] : current.filter((name) => name !== tool)))
                }
              />
              <code>{tool}</code>
              {tool === 'run_command' ? <span className="muted"> runs programs in the run&apos;s workspace</span> : null}
            </label>
          ))}
          <ErrorText id="run-tools-error" errors={byId['run-tools']} />
        </fieldset>
        {isSimulator ? (
          <div className={styles.scenario}>
            <Field id="run-scenario-preset" label="Fault scenario (simulator)">
              <select
                id="run-scenario-preset"
                value={scenarios.some((preset) => preset.value === scenario) ? scenario : '__custom'}
                onChange={(event) => setScenario(event.target.value === '__custom' ? scenario : event.target.value)}
                name="scenarioPreset"
              >
                {scenarios.map((preset) => (
                  <option key={preset.value} value={preset.value}>
                    {preset.label}
                  </option>
                ))}
                <option value="__custom">Custom…</option>
              </select>
            </Field>
            <Field
              id="run-scenario"
              label="Scenario header"
              hint="A scenario name, then optional key=value parameters, separated by semicolons."
              errors={byId['run-scenario']}
            >
              <input
                id="run-scenario"
                value={scenario}
                onChange={(event) => setScenario(event.target.value)}
                placeholder="e.g. overloaded; times=2"
                name="simulatorScenario"
                aria-invalid={invalid('run-scenario')}
                aria-describedby={describedBy('run-scenario', true)}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
          </div>
        ) : null}
        <details className={styles.advanced} open={advancedOpen} onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}>
          <summary>
            Advanced: system prompt, fallback profiles{advancedSummary ? <span className="muted"> ({advancedSummary})</span> : null}
          </summary>
          <div className={styles.advancedBody}>
            <Field
              id="run-system-prompt"
              label="System prompt"
              hint="Empty: the default prompt shown."
              errors={byId['run-system-prompt']}
              wide
            >
              <textarea
                id="run-system-prompt"
                className={styles.prompt}
                rows={3}
                value={systemPrompt}
                onChange={(event) => setSystemPrompt(event.target.value)}
                placeholder={DEFAULT_SYSTEM_PROMPT}
                name="systemPrompt"
                aria-invalid={invalid('run-system-prompt')}
                aria-describedby={describedBy('run-system-prompt', true)}
              />
            </Field>
            <fieldset className={styles.fallbacks} aria-describedby="run-fallbacks-hint">
              <legend className="field-label">Fallback profiles</legend>
              <p id="run-fallbacks-hint" className={styles.hint}>
                Tried in this order when the profile still fails after its retries with a rate limit, an overload or a server error (at most{' '}
                {MAX_FALLBACKS}).
              </p>
              {fallbacks.length ? (
                <ol className={styles.fallbackList} aria-label="Fallback order">
                  {fallbacks.map((name, index) => (
                    <li key={name}>
                      <span>{labelOf(name)}</span>
                      <button
                        type="button"
                        onClick={() => moveFallback(index, -1)}
                        disabled={index === 0}
                        aria-label={`Move ${labelOf(name)} up`}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        onClick={() => moveFallback(index, 1)}
                        disabled={index === fallbacks.length - 1}
                        aria-label={`Move ${labelOf(name)} down`}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        onClick={() => setFallbacks((current) => current.filter((fallback) => fallback !== name))}
                        aria-label={`Remove ${labelOf(name)}`}
                      >
                        Remove
                      </button>
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="muted">None: the run fails when its profile does.</p>
              )}
              <div className={styles.addFallback}>
                <Field id="run-fallback-add" label="Add a fallback profile" errors={byId['run-fallback-add']}>
                  <select
                    id="run-fallback-add"
                    value={fallbackChoice}
                    onChange={(event) => setFallbackChoice(event.target.value)}
                    aria-invalid={invalid('run-fallback-add')}
                    aria-describedby={describedBy('run-fallback-add')}
                    disabled={fallbacks.length >= MAX_FALLBACKS}
                  >
                    <option value="">Choose a profile…</option>
                    {fallbackCandidates.map(({ profile, disabledReason }) => (
                      <option key={profile.name} value={profile.name} disabled={!!disabledReason}>
                        {profile.label}
                        {disabledReason ? ` — unavailable: ${disabledReason}` : ''}
                      </option>
                    ))}
                  </select>
                </Field>
                <button type="button" onClick={addFallback} disabled={!fallbackChoice || fallbacks.length >= MAX_FALLBACKS}>
                  Add fallback
                </button>
              </div>
            </fieldset>
          </div>
        </details>
      </section>

      <section className={`panel ${styles.section}`} aria-labelledby="task-heading">
        <h2 id="task-heading">
          <label htmlFor="task">Task</label>
        </h2>
        <textarea
          id="task"
          className={styles.task}
          name="task"
          rows={6}
          value={task}
          onChange={(event) => setTask(event.target.value)}
          placeholder={taskExample(workspaceTemplate)}
          aria-describedby={describedBy('task')}
          aria-invalid={invalid('task')}
        />
        <ErrorText id="task-error" errors={byId.task} />
        <div className={styles.actions}>
          {formError ? (
            <p id="form-error" className="error-text" role="alert">
              {formError}
              {other.length ? ` ${other.join(' ')}` : ''}
            </p>
          ) : (
            <span className="muted">Ctrl+Enter starts the run.</span>
          )}
          <button type="submit" className={`button-primary ${styles.submit}`} disabled={submitDisabled}>
            {busy ? 'Starting…' : 'Start run'}
          </button>
        </div>
      </section>
    </form>
  );
}

function describeDefaults(profile: ProviderProfile): string {
  const parts = [profile.stream ? 'streaming' : 'no streaming'];
  if (profile.maxOutputTokens) parts.push(`max ${profile.maxOutputTokens} tokens`);
  if (profile.reasoning?.effort) parts.push(`effort ${profile.reasoning.effort}`);
  if (profile.reasoning?.budgetTokens) parts.push(`thinking ${profile.reasoning.budgetTokens}`);
  if (profile.cache) parts.push(`cache ${profile.cache.policy}${profile.cache.ttl ? ` ${profile.cache.ttl}` : ''}`);
  return parts.join(', ');
}
