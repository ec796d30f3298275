'use client';

import { useRouter } from 'next/navigation';
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useTransition,
  type ChangeEvent,
  type ComponentProps,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TOOLS, MAX_FALLBACKS, type FieldErrors, type StartRunContext } from '@/lib/runs/run-input';
import type { LintFinding } from '@/lib/config/lint-profile';
import type { ProviderProfile } from '@/lib/config/profile-schema';
import { startComparisonAction, startRunAction } from './actions';
import { ProfilesToCompare } from './ProfilesToCompare';
import { readSavedForm, writeSavedForm, type FormChoices } from './saved-form';
import {
  controlId,
  errorsByField,
  firstInvalidField,
  newIdempotencyKey,
  UNTYPED_SETTINGS,
  validateComparisonForm,
  validateRunForm,
  type RunFormField,
  type RunFormValues,
} from './run-form-input';
import { controlProps, FieldError, FormField } from '@/app/_components/FormField';
import { SelectField } from '@/app/_components/SelectField';
import styles from './NewRunForm.module.css';

export type ProfileOption = { profile: ProviderProfile; disabledReason: string | null; findings: LintFinding[] };

/** The controls that hold text as typed, each named after its value in RunFormValues. */
type TextValues = Pick<
  RunFormValues,
  | 'model'
  | 'temperature'
  | 'maxOutputTokens'
  | 'effort'
  | 'budgetTokens'
  | 'cachePolicy'
  | 'cacheTtl'
  | 'maxTurns'
  | 'workspaceTemplate'
  | 'simulatorScenario'
  | 'systemPrompt'
  | 'task'
>;
type TextControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

type Props = {
  profiles: ProfileOption[];
  tools: string[];
  scenarios: { value: string; label: string }[];
  /** The folders of workspace-templates/, listed on the server. */
  workspaceTemplates: string[];
  initialProfile?: string;
  /** Open with "Run on several profiles" chosen. */
  initialSeveral?: boolean;
  /** Made by the server for this rendering of the form: it starts at most one run. */
  idempotencyKey: string;
};

/** The template the example task is written for. */
const EXAMPLE_TEMPLATE = 'sample-project';
const ADVANCED_VALUES = new Set<RunFormField['value']>(['systemPrompt', 'fallbacks']);

/**
 * Keys whose form already started a run. Going back to the form (the router keeps the rendered
 * page) mounts it again with the same key: it gets a new one, or Start would answer with the old run.
 */
const usedKeys = new Set<string>();

function taskExample(template: string): string {
  return template === EXAMPLE_TEMPLATE
    ? 'What should the agent do? e.g. "List the files in the workspace and summarise the README."'
    : 'What should the agent do? e.g. "Create a file notes.md with three ideas, then list the files."';
}

/** The errors of a control outside a FormField (the stream checkbox, the tools, the task), shown as a field shows them. */
function ErrorText({ id, errors }: { id: string; errors?: string[] }) {
  return <FieldError id={`${id}-error`} errors={errors} className={styles.fieldError} />;
}

export function NewRunForm({
  profiles,
  tools,
  scenarios,
  workspaceTemplates,
  initialProfile,
  initialSeveral = false,
  idempotencyKey: renderedKey,
}: Props) {
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
  // "Run on several profiles": the ticked profiles instead of the one selected.
  const [several, setSeveral] = useState(initialSeveral);
  const [compared, setCompared] = useState<string[]>([]);
  // A fault scenario per ticked Simulator profile (kept when a box is unticked and ticked again).
  const [memberScenarios, setMemberScenarios] = useState<Record<string, string>>({});
  const [text, setText] = useState<TextValues>(() => ({
    ...UNTYPED_SETTINGS,
    model: selected?.model ?? '',
    workspaceTemplate: workspaceTemplates.includes(EXAMPLE_TEMPLATE) ? EXAMPLE_TEMPLATE : '',
    task: '',
  }));
  const [stream, setStream] = useState(selected?.stream ?? true);
  const [enabledTools, setEnabledTools] = useState<string[]>([...DEFAULT_TOOLS]);
  const [fallbacks, setFallbacks] = useState<string[]>([]);
  const [fallbackChoice, setFallbackChoice] = useState('');
  const [advancedOpen, setAdvancedOpen] = useState(false);
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
  // The last start from this browser comes back when the form mounts (Back, a new visit): a variant is one edit.
  useLayoutEffect(() => {
    const choices: FormChoices = {
      profiles: profiles.map(({ profile, disabledReason }) => ({
        name: profile.name,
        model: profile.model,
        stream: profile.stream,
        usable: !disabledReason,
      })),
      tools,
      workspaceTemplates,
    };
    const saved = readSavedForm(choices, initialProfile);
    if (!saved) return;
    setProfileName(saved.profileName);
    setSeveral(initialSeveral || saved.several);
    setCompared(saved.compared);
    setMemberScenarios(saved.memberScenarios);
    setText(saved.text);
    setStream(saved.stream);
    setEnabledTools(saved.tools);
    setFallbacks(saved.fallbacks);
    // Once, as the form mounts: later renders keep what the person edits.
  }, []);
  const labelOf = (name: string) => profiles.find((option) => option.profile.name === name)?.profile.label ?? name;

  const selectProfile = (name: string) => {
    setProfileName(name);
    const profile = profiles.find((option) => option.profile.name === name)?.profile;
    setText((current) => ({ ...current, model: profile?.model ?? '', simulatorScenario: '' }));
    setStream(profile?.stream ?? true);
    // A run does not fall back to its own profile.
    setFallbacks((current) => current.filter((fallback) => fallback !== name));
  };

  const byProvider = useMemo(() => {
    const groups = new Map<string, ProfileOption[]>();
    for (const option of profiles) groups.set(option.profile.provider, [...(groups.get(option.profile.provider) ?? []), option]);
    return [...groups.entries()];
  }, [profiles]);

  const findings = profiles.find((option) => option.profile.name === profileName)?.findings ?? [];
  const isSimulator = !several && selected?.provider === 'simulator';
  const { byId, other } = errorsByField(errors);

  useEffect(() => {
    if (!focusRequest) return;
    const first = firstInvalidField(errorsByField(errors).byId);
    if (!first) return;
    const target =
      first.value === 'tools' || first.value === 'profileNames'
        ? document.querySelector<HTMLInputElement>(`#${first.id} input:not(:disabled)`)
        : document.getElementById(first.id);
    target?.focus();
    // Only when errors are shown (focusRequest), not on every edit.
  }, [focusRequest]);

  const showErrors = (next: FieldErrors, message: string) => {
    setErrors(next);
    setFormError(message);
    const first = firstInvalidField(errorsByField(next).byId);
    if (first && ADVANCED_VALUES.has(first.value)) setAdvancedOpen(true);
    setFocusRequest((count) => count + 1);
  };

  const values = (): RunFormValues => ({
    ...text,
    profileName,
    stream,
    tools: enabledTools,
    simulatorScenario: isSimulator ? text.simulatorScenario : '',
    fallbacks,
    idempotencyKey,
  });
  /** A text control's name, value and change handler: what it holds is `text[name]`. */
  const bind = (name: keyof TextValues) => ({
    name,
    value: text[name],
    onChange: (event: ChangeEvent<TextControl>) => setText((current) => ({ ...current, [name]: event.target.value })),
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting.current) return;
    const validated = several ? validateComparisonForm(values(), compared, memberScenarios) : validateRunForm(values(), selected, context);
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
        const result = several ? await startComparisonAction(validated.input) : await startRunAction(validated.input);
        if (result.ok) {
          usedKeys.add(idempotencyKey);
          writeSavedForm({ profileName, several, compared, memberScenarios, text, stream, tools: enabledTools, fallbacks });
          // Still submitting: the page is leaving for the run.
          router.push('comparisonId' in result ? `/compare/${result.comparisonId}` : `/runs/${result.runId}`);
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
    text.systemPrompt.trim() ? 'custom system prompt' : null,
    fallbacks.length ? `${fallbacks.length} fallback${fallbacks.length === 1 ? '' : 's'}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const submitDisabled = pending || busy || (!several && !profileName);
  /** The field of the control that holds `value`: its id and the errors shown with it. */
  const field = (value: RunFormField['value']) => {
    const id = controlId(value);
    return { classes: styles, id, errors: byId[id] };
  };
  const controlOf = (value: RunFormField['value']) => {
    const { id, errors } = field(value);
    return controlProps(id, errors);
  };
  // The tools are one control: their fieldset is described by its error, each checkbox marked invalid with it.
  const toolsControl = controlOf('tools');

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
        <fieldset className={styles.mode}>
          <legend className="visually-hidden">Run on</legend>
          <label className={styles.checkbox}>
            <input type="radio" name="mode" checked={!several} onChange={() => setSeveral(false)} />
            <span>One profile</span>
          </label>
          <label className={styles.checkbox}>
            <input type="radio" name="mode" checked={several} onChange={() => setSeveral(true)} />
            <span>Run on several profiles</span>
          </label>
        </fieldset>
        {several ? (
          <ProfilesToCompare
            profiles={profiles}
            compared={compared}
            onChange={setCompared}
            scenarios={scenarios}
            memberScenarios={memberScenarios}
            onScenarioChange={(name, scenario) => setMemberScenarios((current) => ({ ...current, [name]: scenario }))}
            errors={byId['run-profiles']}
            describedBy={controlProps('run-profiles', byId['run-profiles'], true)['aria-describedby']}
          />
        ) : null}
        <div className={styles.grid} hidden={several}>
          <FormField {...field('profileName')} label="Profile">
            {(control) => (
              <select {...control} value={profileName} onChange={(event) => selectProfile(event.target.value)} name="profileName">
                {byProvider.map(([provider, group]) => (
                  <optgroup key={provider} label={provider}>
                    <ProfileOptions options={group} />
                  </optgroup>
                ))}
              </select>
            )}
          </FormField>
          <FormField {...field('model')} label="Model">
            {(control) => <input {...control} {...bind('model')} autoComplete="off" />}
          </FormField>
          <div className={styles.field}>
            <span className="field-label">Runtime</span>
            <code className={styles.readonly}>{selected?.runtime ?? '—'}</code>
          </div>
        </div>
        {isSimulator ? (
          <p className="muted">
            The Simulator is a scripted, deterministic model: it lists, reads, searches or writes files as the task asks and answers from
            what the tools return; name a tool in the task to script its calls exactly.
          </p>
        ) : null}
        {!several && profiles.some((option) => option.disabledReason) ? (
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
        {findings.length && !several ? (
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
                {...controlOf('stream')}
                type="checkbox"
                checked={stream}
                disabled={several}
                onChange={(event) => setStream(event.target.checked)}
                name="stream"
              />
              <span>Stream the answer</span>
            </label>
            <ErrorText {...field('stream')} />
          </div>
          <FormField
            {...field('temperature')}
            label="Temperature"
            hint={selected?.runtime === 'anthropic-messages' ? '0 to 1 (Anthropic)' : '0 to 2'}
          >
            {(control) => <NumberInput {...control} {...bind('temperature')} decimal profileValue={selected?.temperature} />}
          </FormField>
          <FormField {...field('maxOutputTokens')} label="Max output tokens">
            {(control) => <NumberInput {...control} {...bind('maxOutputTokens')} profileValue={selected?.maxOutputTokens} />}
          </FormField>
          <SelectField
            {...field('effort')}
            label="Reasoning effort"
            {...bind('effort')}
            blank={profileChoice(selected?.reasoning?.effort, 'off / profile')}
            choices={['minimal', 'low', 'medium', 'high']}
          />
          <FormField {...field('budgetTokens')} label="Thinking budget (tokens)">
            {(control) => (
              <NumberInput
                {...control}
                {...bind('budgetTokens')}
                profileValue={selected?.reasoning?.budgetTokens}
                unset="Anthropic / OpenRouter"
              />
            )}
          </FormField>
          <SelectField
            {...field('cachePolicy')}
            label="Cache policy"
            {...bind('cachePolicy')}
            blank={profileChoice(selected?.cache?.policy, 'profile')}
            choices={['off', 'system', 'system+tools', 'system+tools+last-turn']}
          />
          <SelectField
            {...field('cacheTtl')}
            label="Cache TTL"
            {...bind('cacheTtl')}
            disabled={!text.cachePolicy || text.cachePolicy === 'off'}
            blank="5m (default)"
            choices={['1h']}
          />
          <FormField {...field('maxTurns')} label="Max turns" hint="1 to 50">
            {(control) => <input {...control} {...bind('maxTurns')} inputMode="numeric" autoComplete="off" />}
          </FormField>
          <SelectField
            {...field('workspaceTemplate')}
            label="Workspace"
            hint="Copied into the run's own workspace before it starts."
            {...bind('workspaceTemplate')}
            blank="Empty workspace"
            choices={workspaceTemplates}
          />
        </div>
        <fieldset id={toolsControl.id} className={styles.tools} aria-describedby={toolsControl['aria-describedby']}>
          <legend className="field-label">Tools</legend>
          {tools.map((tool) => (
            <label key={tool} className={styles.checkbox}>
              <input
                type="checkbox"
                name="tools"
                value={tool}
                checked={enabledTools.includes(tool)}
                aria-invalid={toolsControl['aria-invalid']}
                onChange={(event) =>
                  setEnabledTools((current) => (event.target.checked ? [...current, tool] : current.filter((name) => name !== tool)))
                }
              />
              <code>{tool}</code>
              {tool === 'run_command' ? <span className="muted"> runs programs in the run&apos;s workspace</span> : null}
            </label>
          ))}
          <ErrorText {...field('tools')} />
        </fieldset>
        {isSimulator ? (
          <div className={styles.scenario}>
            <FormField classes={styles} id="run-scenario-preset" label="Fault scenario (simulator)">
              {(control) => (
                <select
                  {...control}
                  value={scenarios.some((preset) => preset.value === text.simulatorScenario) ? text.simulatorScenario : '__custom'}
                  onChange={(event) => {
                    if (event.target.value !== '__custom') setText((current) => ({ ...current, simulatorScenario: event.target.value }));
                  }}
                  name="scenarioPreset"
                >
                  {scenarios.map((preset) => (
                    <option key={preset.value} value={preset.value}>
                      {preset.label}
                    </option>
                  ))}
                  <option value="__custom">Custom…</option>
                </select>
              )}
            </FormField>
            <FormField
              {...field('simulatorScenario')}
              label="Scenario header"
              hint="A scenario name, then optional key=value parameters, separated by semicolons."
            >
              {(control) => (
                <input
                  {...control}
                  {...bind('simulatorScenario')}
                  placeholder="e.g. overloaded; times=2"
                  autoComplete="off"
                  spellCheck={false}
                />
              )}
            </FormField>
          </div>
        ) : null}
        <details className={styles.advanced} open={advancedOpen} onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}>
          <summary>
            Advanced: system prompt, fallback profiles{advancedSummary ? <span className="muted"> ({advancedSummary})</span> : null}
          </summary>
          <div className={styles.advancedBody}>
            <FormField {...field('systemPrompt')} label="System prompt" hint="Empty: the default prompt shown." wide>
              {(control) => (
                <textarea {...control} {...bind('systemPrompt')} className={styles.prompt} rows={3} placeholder={DEFAULT_SYSTEM_PROMPT} />
              )}
            </FormField>
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
                <FormField {...field('fallbacks')} label="Add a fallback profile">
                  {(control) => (
                    <select
                      {...control}
                      value={fallbackChoice}
                      onChange={(event) => setFallbackChoice(event.target.value)}
                      disabled={fallbacks.length >= MAX_FALLBACKS}
                    >
                      <option value="">Choose a profile…</option>
                      <ProfileOptions options={fallbackCandidates} />
                    </select>
                  )}
                </FormField>
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
          <label htmlFor={controlId('task')}>Task</label>
        </h2>
        <textarea
          {...controlOf('task')}
          {...bind('task')}
          className={styles.task}
          rows={6}
          placeholder={taskExample(text.workspaceTemplate)}
        />
        <ErrorText {...field('task')} />
        <div className={styles.actions}>
          {formError ? (
            <p id="form-error" className="error-text" role="alert">
              {formError}
              {other.length ? ` ${other.join(' ')}` : ''}
            </p>
          ) : (
            <span className="muted">Ctrl+Enter starts the {several ? 'comparison' : 'run'}.</span>
          )}
          <button type="submit" className={`button-primary ${styles.submit}`} disabled={submitDisabled}>
            {busy ? 'Starting…' : several ? 'Start comparison' : 'Start run'}
          </button>
        </div>
      </section>
    </form>
  );
}

/** A profile per option (named by its label), disabled with the reason when it cannot run here. */
function ProfileOptions({ options }: { options: readonly ProfileOption[] }) {
  return options.map(({ profile, disabledReason }) => (
    <option key={profile.name} value={profile.name} disabled={!!disabledReason}>
      {profile.label}
      {disabledReason ? ` — unavailable: ${disabledReason}` : ''}
    </option>
  ));
}

/** The empty choice of a setting the profile may set: it keeps the profile's value (named when it has one). */
function profileChoice(value: string | undefined, unset: string): string {
  return value ? `profile (${value})` : unset;
}

/** A number typed over the profile's setting: empty keeps the profile's value, shown as its placeholder. */
function NumberInput({
  decimal = false,
  profileValue,
  unset = 'provider default',
  ...input
}: ComponentProps<'input'> & { decimal?: boolean; profileValue: number | undefined; unset?: string }) {
  return (
    <input {...input} inputMode={decimal ? 'decimal' : 'numeric'} placeholder={profileValue?.toString() ?? unset} autoComplete="off" />
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
