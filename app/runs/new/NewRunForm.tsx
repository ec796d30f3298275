'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition, type FormEvent, type KeyboardEvent } from 'react';
import { startRunInputSchema } from '@/lib/agent/run-input';
import type { LintFinding } from '@/lib/config/lint-profile';
import type { ProviderProfile } from '@/lib/config/profile-schema';
import { startRunAction } from './actions';
import styles from './NewRunForm.module.css';

export type ProfileOption = { profile: ProviderProfile; disabledReason: string | null; findings: LintFinding[] };

type Props = {
  profiles: ProfileOption[];
  tools: string[];
  scenarios: { value: string; label: string }[];
  initialProfile?: string;
};

type FieldErrors = Record<string, string[]>;

const DEFAULT_TOOLS = ['list_files', 'read_file', 'write_file', 'search_text'];

function numberOrUndefined(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : Number.NaN;
}

function ErrorText({ errors, id }: { errors?: string[]; id: string }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className={styles.fieldError} role="alert">
      {errors.join('; ')}
    </p>
  );
}

export function NewRunForm({ profiles, tools, scenarios, initialProfile }: Props) {
  const router = useRouter();
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
  const [enabledTools, setEnabledTools] = useState<string[]>(DEFAULT_TOOLS);
  const [maxTurns, setMaxTurns] = useState('8');
  const [task, setTask] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const selectProfile = (name: string) => {
    setProfileName(name);
    const profile = profiles.find((option) => option.profile.name === name)?.profile;
    setModel(profile?.model ?? '');
    setStream(profile?.stream ?? true);
    setScenario('');
  };

  const byProvider = useMemo(() => {
    const groups = new Map<string, ProfileOption[]>();
    for (const option of profiles) groups.set(option.profile.provider, [...(groups.get(option.profile.provider) ?? []), option]);
    return [...groups.entries()];
  }, [profiles]);

  const findings = profiles.find((option) => option.profile.name === profileName)?.findings ?? [];
  const isSimulator = selected?.provider === 'simulator';

  const buildInput = () => {
    const overrides: Record<string, unknown> = {};
    if (model.trim() && model.trim() !== selected?.model) overrides.model = model.trim();
    if (stream !== selected?.stream) overrides.stream = stream;
    const temperatureValue = numberOrUndefined(temperature);
    if (temperatureValue !== undefined) overrides.temperature = temperatureValue;
    const maxTokensValue = numberOrUndefined(maxOutputTokens);
    if (maxTokensValue !== undefined) overrides.maxOutputTokens = maxTokensValue;
    const budgetValue = numberOrUndefined(budget);
    if (effort || budgetValue !== undefined) {
      overrides.reasoning = { ...selected?.reasoning, ...(effort ? { effort } : {}), ...(budgetValue !== undefined ? { budgetTokens: budgetValue } : {}) };
    }
    if (cachePolicy) overrides.cache = { policy: cachePolicy, ...(cacheTtl ? { ttl: cacheTtl } : {}) };
    if (isSimulator && scenario.trim()) overrides.simulatorScenario = scenario.trim();
    return {
      profileName,
      task,
      overrides,
      options: {
        maxTurns: numberOrUndefined(maxTurns) ?? 8,
        tools: enabledTools,
        allowCommands: enabledTools.includes('run_command'),
      },
    };
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    setFormError(null);
    const input = buildInput();
    const parsed = startRunInputSchema.safeParse(input);
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) (next[issue.path.join('.')] ??= []).push(issue.message);
      setErrors(next);
      setFormError('Some fields need attention.');
      return;
    }
    setErrors({});
    startTransition(async () => {
      const result = await startRunAction(input);
      if (result.ok) {
        router.push(`/runs/${result.runId}`);
      } else {
        setErrors(result.fieldErrors);
        setFormError(result.message);
      }
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
  };

  const err = (key: string) => errors[key];
  const describedBy = (key: string) => (errors[key]?.length ? `${key}-error` : undefined);

  return (
    <form className={styles.form} onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-describedby={formError ? 'form-error' : undefined}>
      <section className={`panel ${styles.section}`} aria-labelledby="profile-heading">
        <h2 id="profile-heading">Provider profile</h2>
        <div className={styles.grid}>
          <label className={styles.field}>
            <span>Profile</span>
            <select value={profileName} onChange={(event) => selectProfile(event.target.value)} aria-describedby={describedBy('profileName')} name="profileName">
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
            <ErrorText id="profileName-error" errors={err('profileName')} />
          </label>
          <label className={styles.field}>
            <span>Model</span>
            <input value={model} onChange={(event) => setModel(event.target.value)} name="model" aria-describedby={describedBy('overrides.model')} />
            <ErrorText id="overrides.model-error" errors={err('overrides.model')} />
          </label>
          <div className={styles.field}>
            <span>Runtime</span>
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
          <label className={styles.checkbox}>
            <input type="checkbox" checked={stream} onChange={(event) => setStream(event.target.checked)} name="stream" />
            <span>Stream the answer</span>
          </label>
          <label className={styles.field}>
            <span>Temperature</span>
            <input inputMode="decimal" value={temperature} onChange={(event) => setTemperature(event.target.value)} placeholder={selected?.temperature?.toString() ?? 'provider default'} name="temperature" aria-describedby={describedBy('overrides.temperature')} />
            <ErrorText id="overrides.temperature-error" errors={err('overrides.temperature')} />
          </label>
          <label className={styles.field}>
            <span>Max output tokens</span>
            <input inputMode="numeric" value={maxOutputTokens} onChange={(event) => setMaxOutputTokens(event.target.value)} placeholder={selected?.maxOutputTokens?.toString() ?? 'provider default'} name="maxOutputTokens" aria-describedby={describedBy('overrides.maxOutputTokens')} />
            <ErrorText id="overrides.maxOutputTokens-error" errors={err('overrides.maxOutputTokens')} />
          </label>
          <label className={styles.field}>
            <span>Reasoning effort</span>
            <select value={effort} onChange={(event) => setEffort(event.target.value)} name="effort">
              <option value="">{selected?.reasoning?.effort ? `profile (${selected.reasoning.effort})` : 'off / profile'}</option>
              {['minimal', 'low', 'medium', 'high'].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.field}>
            <span>Thinking budget (tokens)</span>
            <input inputMode="numeric" value={budget} onChange={(event) => setBudget(event.target.value)} placeholder={selected?.reasoning?.budgetTokens?.toString() ?? 'Anthropic / OpenRouter'} name="budgetTokens" aria-describedby={describedBy('overrides.reasoning.budgetTokens')} />
            <ErrorText id="overrides.reasoning.budgetTokens-error" errors={err('overrides.reasoning.budgetTokens')} />
          </label>
          <label className={styles.field}>
            <span>Cache policy</span>
            <select value={cachePolicy} onChange={(event) => setCachePolicy(event.target.value)} name="cachePolicy">
              <option value="">{selected?.cache ? `profile (${selected.cache.policy})` : 'profile'}</option>
              {['off', 'system', 'system+tools', 'system+tools+last-turn'].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.field}>
            <span>Cache TTL</span>
            <select value={cacheTtl} onChange={(event) => setCacheTtl(event.target.value)} name="cacheTtl" disabled={!cachePolicy || cachePolicy === 'off'}>
              <option value="">5m (default)</option>
              <option value="1h">1h</option>
            </select>
          </label>
          <label className={styles.field}>
            <span>Max turns</span>
            <input inputMode="numeric" value={maxTurns} onChange={(event) => setMaxTurns(event.target.value)} name="maxTurns" aria-describedby={describedBy('options.maxTurns')} />
            <ErrorText id="options.maxTurns-error" errors={err('options.maxTurns')} />
          </label>
        </div>
        <fieldset className={styles.tools}>
          <legend>Tools</legend>
          {tools.map((tool) => (
            <label key={tool} className={styles.checkbox}>
              <input
                type="checkbox"
                name="tools"
                value={tool}
                checked={enabledTools.includes(tool)}
                onChange={(event) => setEnabledTools((current) => (event.target.checked ? [...current, tool] : current.filter((name) => name !== tool)))}
              />
              <code>{tool}</code>
              {tool === 'run_command' ? <span className="muted"> runs programs in the run&apos;s workspace</span> : null}
            </label>
          ))}
        </fieldset>
        {isSimulator ? (
          <div className={styles.grid}>
            <label className={styles.field}>
              <span>Fault scenario (simulator)</span>
              <select value={scenarios.some((preset) => preset.value === scenario) ? scenario : '__custom'} onChange={(event) => setScenario(event.target.value === '__custom' ? scenario : event.target.value)} name="scenarioPreset">
                {scenarios.map((preset) => (
                  <option key={preset.value} value={preset.value}>
                    {preset.label}
                  </option>
                ))}
                <option value="__custom">Custom…</option>
              </select>
            </label>
            <label className={styles.field}>
              <span>Scenario header</span>
              <input value={scenario} onChange={(event) => setScenario(event.target.value)} placeholder="e.g. overloaded; times=2" name="simulatorScenario" aria-describedby={describedBy('overrides.simulatorScenario')} />
              <ErrorText id="overrides.simulatorScenario-error" errors={err('overrides.simulatorScenario')} />
            </label>
          </div>
        ) : null}
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
          placeholder={'What should the agent do? e.g. "Use list_files, then read_file {"path": "README.md"} and summarize it."'}
          aria-describedby={describedBy('task')}
          aria-invalid={!!errors.task}
        />
        <ErrorText id="task-error" errors={err('task')} />
        <div className={styles.actions}>
          {formError ? (
            <p id="form-error" className="error-text" role="alert">
              {formError}
              {errors.form ? ` ${errors.form.join('; ')}` : ''}
            </p>
          ) : (
            <span className="muted">Ctrl+Enter starts the run.</span>
          )}
          <button type="submit" className={styles.primary} disabled={pending || !profileName}>
            {pending ? 'Starting…' : 'Start run'}
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
