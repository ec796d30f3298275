import { describe, expect, it } from 'vitest';
import type { StartRunContext } from '@/lib/runs/run-input';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import {
  buildStartRunInput,
  controlId,
  errorsByField,
  fieldForErrorKey,
  firstInvalidField,
  numberField,
  RUN_FORM_FIELDS,
  validateComparisonForm,
  UNTYPED_SETTINGS,
  validateRunForm,
  type RunFormValues,
} from './run-form-input';

const profile = providerProfileSchema.parse({
  name: 'simulator-chat',
  label: 'Simulator · OpenAI Chat',
  provider: 'simulator',
  runtime: 'openai-chat',
  model: 'sim-gpt',
});
const context: StartRunContext = {
  profiles: [
    { name: 'simulator-chat', label: 'Simulator · OpenAI Chat', disabledReason: null },
    { name: 'simulator-responses', label: 'Simulator · OpenAI Responses', disabledReason: null },
  ],
  workspaceTemplates: ['sample-project'],
};
const blank: RunFormValues = {
  ...UNTYPED_SETTINGS,
  profileName: 'simulator-chat',
  model: 'sim-gpt',
  stream: true,
  workspaceTemplate: 'sample-project',
  tools: ['list_files', 'read_file'],
  task: 'Use list_files.',
  fallbacks: [],
  idempotencyKey: '6f1c7f0e-4a39-4a8e-9a57-0d3c9a1b2c3d',
};

describe('the New run form’s fields', () => {
  it('the reviewer’s inputs get a human message on their own control, the first one focused', () => {
    const result = validateRunForm(
      { ...blank, temperature: '5', maxOutputTokens: '-3', maxTurns: '0', budgetTokens: 'lots' },
      profile,
      context,
    );
    if (result.ok) throw new Error('expected errors');
    const { byId, other } = errorsByField(result.errors);
    expect(byId).toEqual({
      'run-temperature': ['Temperature must be between 0 and 2'],
      'run-max-tokens': ['Max output tokens must be between 1 and 1,000,000'],
      'run-budget': ['Enter a whole number of tokens'],
      'run-max-turns': ['Max turns must be between 1 and 50'],
    });
    expect(other).toEqual([]);
    expect(firstInvalidField(byId)?.id).toBe('run-temperature');
  });

  it('a bad scenario header is a field error of its own control', () => {
    const result = validateRunForm({ ...blank, simulatorScenario: 'totally_bogus_fault' }, profile, context);
    if (result.ok) throw new Error('expected errors');
    expect(Object.keys(errorsByField(result.errors).byId)).toEqual(['run-scenario']);
  });

  it('numbers as typed: blank keeps the profile’s value, anything not a number is NaN', () => {
    expect(numberField('')).toBeUndefined();
    expect(numberField(' 0.7 ')).toBe(0.7);
    expect(numberField('1e3')).toBe(1000);
    for (const text of ['lots', '0x10', '1,000', '12abc', 'Infinity']) expect(numberField(text), text).toBeNaN();
  });

  it('sends the template, system prompt, ordered fallbacks and the form’s key', () => {
    const input = buildStartRunInput(
      { ...blank, systemPrompt: 'Be terse.', fallbacks: ['simulator-responses'], temperature: '0.2' },
      profile,
    );
    expect(input).toEqual({
      profileName: 'simulator-chat',
      task: 'Use list_files.',
      overrides: { temperature: 0.2 },
      options: {
        maxTurns: 8,
        tools: ['list_files', 'read_file'],
        allowCommands: false,
        systemPrompt: 'Be terse.',
        workspaceTemplate: 'sample-project',
        fallbacks: ['simulator-responses'],
      },
      idempotencyKey: blank.idempotencyKey,
    });
    // A blank system prompt and the empty workspace are left out (the defaults).
    expect(buildStartRunInput({ ...blank, systemPrompt: '  ', workspaceTemplate: '' }, profile).options).not.toHaveProperty('systemPrompt');
    expect(buildStartRunInput({ ...blank, workspaceTemplate: '' }, profile).options).not.toHaveProperty('workspaceTemplate');
    expect(validateRunForm({ ...blank, fallbacks: ['simulator-responses'] }, profile, context)).toMatchObject({ ok: true });
  });

  it('server errors land on the control that owns their path; the rest with the form', () => {
    expect(fieldForErrorKey('options.tools.3')?.id).toBe('run-tools');
    expect(fieldForErrorKey('options.fallbacks.1')?.id).toBe('run-fallback-add');
    expect(fieldForErrorKey('overrides.reasoning.budgetTokens')?.id).toBe('run-budget');
    expect(fieldForErrorKey('overrides.cache')?.id).toBe('run-cache-policy');
    expect(fieldForErrorKey('form')).toBeNull();
    expect(
      errorsByField({ 'overrides.runtime': ['simulator profiles use …'], form: ['This form already started a different run.'] }),
    ).toEqual({
      byId: {},
      other: ['simulator profiles use …', 'This form already started a different run.'],
    });
  });

  it('every control is listed once, in page order, with the form value it holds', () => {
    expect(new Set(RUN_FORM_FIELDS.map((field) => field.id)).size).toBe(RUN_FORM_FIELDS.length);
    expect(new Set(RUN_FORM_FIELDS.map((field) => field.value)).size).toBe(RUN_FORM_FIELDS.length);
    expect(controlId('maxOutputTokens')).toBe('run-max-tokens');
    expect(controlId('fallbacks')).toBe('run-fallback-add');
    expect(firstInvalidField({ task: ['x'], 'run-fallback-add': ['y'] })?.id).toBe('run-fallback-add');
  });
});

describe('“Run on several profiles”', () => {
  it('sends the ticked profiles with the task and options; each keeps its model and streaming, the typed settings apply to all', () => {
    const validated = validateComparisonForm({ ...blank, model: 'sim-gpt-other', stream: false, temperature: '0.5', task: 'Compare me.' }, [
      'simulator-chat',
      'simulator-anthropic',
    ]);
    expect(validated).toEqual({
      ok: true,
      input: {
        profileNames: ['simulator-chat', 'simulator-anthropic'],
        task: 'Compare me.',
        options: expect.objectContaining({ maxTurns: 8, workspaceTemplate: 'sample-project' }),
        overrides: { 'simulator-chat': { temperature: 0.5 }, 'simulator-anthropic': { temperature: 0.5 } },
        idempotencyKey: blank.idempotencyKey,
      },
    });
    expect(validateComparisonForm({ ...blank, task: 'x' }, ['simulator-chat', 'simulator-responses'])).toMatchObject({
      ok: true,
      input: { overrides: {} },
    });
  });

  it('one profile, seven, or a bad setting: the message on the control that owns it', () => {
    const one = validateComparisonForm({ ...blank, task: 'x' }, ['simulator-chat']);
    expect(one.ok).toBe(false);
    if (!one.ok) expect(errorsByField(one.errors).byId).toEqual({ 'run-profiles': ['Choose at least 2 profiles to compare'] });
    const seven = validateComparisonForm({ ...blank, task: 'x' }, ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(seven.ok || errorsByField(seven.errors).byId['run-profiles']).toEqual(['At most 6 profiles']);
    const hot = validateComparisonForm({ ...blank, task: 'x', temperature: '9' }, ['simulator-chat', 'simulator-responses']);
    expect(hot.ok || Object.keys(errorsByField(hot.errors).byId)).toEqual(['run-temperature']);
  });

  it('a fault scenario of its own per member joins that member’s settings; a bad one is said of that profile', () => {
    const names = ['simulator-chat', 'simulator-responses', 'simulator-anthropic'];
    const validated = validateComparisonForm({ ...blank, task: 'x', temperature: '0.5' }, names, {
      'simulator-chat': 'rate_limit_json; times=2; retry_after=1',
      'simulator-responses': 'stream_unsupported',
      'simulator-anthropic': '',
    });
    expect(validated).toMatchObject({
      ok: true,
      input: {
        overrides: {
          'simulator-chat': { temperature: 0.5, simulatorScenario: 'rate_limit_json; times=2; retry_after=1' },
          'simulator-responses': { temperature: 0.5, simulatorScenario: 'stream_unsupported' },
          'simulator-anthropic': { temperature: 0.5 },
        },
      },
    });
    // A profile unticked since keeps its choice in the form but is not sent.
    const unticked = validateComparisonForm({ ...blank, task: 'x' }, names.slice(1), { 'simulator-chat': 'auth' });
    expect(unticked.ok && unticked.input.overrides).toEqual({});

    const bogus = validateComparisonForm({ ...blank, task: 'x' }, names, { 'simulator-responses': 'totally_bogus_fault' });
    expect(bogus.ok).toBe(false);
    if (!bogus.ok)
      expect(errorsByField(bogus.errors).byId).toEqual({
        'run-profiles': [expect.stringMatching(/^simulator-responses: Unknown fault scenario “totally_bogus_fault”/)],
      });
  });
});
