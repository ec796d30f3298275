import { describe, expect, it } from 'vitest';
import { fieldErrorsOf, startRunInputSchema, startRunSchemaFor, type StartRunContext } from './run-input';

const context: StartRunContext = {
  profiles: [
    { name: 'simulator-chat', label: 'Simulator · OpenAI Chat', disabledReason: null },
    { name: 'simulator-responses', label: 'Simulator · OpenAI Responses', disabledReason: null },
    { name: 'anthropic-claude-sonnet', label: 'Anthropic · Claude Sonnet', disabledReason: 'ANTHROPIC_API_KEY is not set on the server' },
  ],
  workspaceTemplates: ['sample-project'],
};

function errorsOf(input: unknown, schema: { safeParse: typeof startRunInputSchema.safeParse } = startRunSchemaFor(context)) {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
}

const valid = { profileName: 'simulator-chat', task: 'Say hello.' };

describe('startRunInputSchema speaks to people', () => {
  it('words each field’s problem (the reviewer’s temperature 5, max tokens −3, max turns 0, thinking budget "lots")', () => {
    expect(
      errorsOf({
        ...valid,
        overrides: { temperature: 5, maxOutputTokens: -3, reasoning: { budgetTokens: Number.NaN } },
        options: { maxTurns: 0 },
      }),
    ).toEqual({
      'overrides.temperature': ['Temperature must be between 0 and 2'],
      'overrides.maxOutputTokens': ['Max output tokens must be between 1 and 1,000,000'],
      'overrides.reasoning.budgetTokens': ['Enter a whole number of tokens'],
      'options.maxTurns': ['Max turns must be between 1 and 50'],
    });
  });

  it('never shows zod’s own wording', () => {
    const cases: unknown[] = [
      {},
      { profileName: 42, task: ['x'] },
      { ...valid, task: '   ' },
      { ...valid, task: 'x'.repeat(20_001) },
      { ...valid, overrides: { temperature: Number.NaN, maxOutputTokens: 1.5, model: '', stream: 'yes' } },
      {
        ...valid,
        overrides: {
          temperature: '0.5',
          maxOutputTokens: 2_000_000,
          reasoning: { effort: 'extreme', budgetTokens: 0 },
          cache: { policy: 'forever', ttl: '1d' },
        },
      },
      {
        ...valid,
        options: {
          maxTurns: 2.5,
          tools: ['format_disk', 'list_files', 'list_files'],
          systemPrompt: 'x'.repeat(20_001),
          workspaceTemplate: '../etc',
          fallbacks: 'simulator-responses',
        },
      },
      { ...valid, options: { maxTurns: 'many', fallbacks: ['a', 'b', 'c', 'd', 'e', 'f'] } },
      { ...valid, idempotencyKey: 'short' },
      'a string',
    ];
    for (const input of cases) {
      const messages = Object.values(errorsOf(input)).flat();
      expect(messages.length, JSON.stringify(input).slice(0, 80)).toBeGreaterThan(0);
      for (const message of messages)
        expect(message, JSON.stringify(input).slice(0, 80)).not.toMatch(
          /Invalid input|expected|received|Too (big|small)|NaN|Invalid option|Invalid string/,
        );
    }
  });

  it('names the specific problems', () => {
    expect(errorsOf({ ...valid, task: '  ' })).toEqual({ task: ['Describe the task'] });
    expect(errorsOf({ ...valid, overrides: { maxOutputTokens: 1.5 } })).toEqual({
      'overrides.maxOutputTokens': ['Enter a whole number of tokens'],
    });
    expect(errorsOf({ ...valid, overrides: { temperature: Number.NaN } })).toEqual({
      'overrides.temperature': ['Temperature must be a number between 0 and 2'],
    });
    expect(errorsOf({ ...valid, options: { maxTurns: Number.NaN } })).toEqual({ 'options.maxTurns': ['Enter a whole number of turns'] });
    expect(errorsOf({ ...valid, options: { fallbacks: ['simulator-responses', 'simulator-responses'] } })).toEqual({
      'options.fallbacks': ['Each fallback profile at most once'],
    });
    expect(errorsOf({ ...valid, options: { systemPrompt: 'x'.repeat(20_001) } })).toEqual({
      'options.systemPrompt': ['The system prompt can be at most 20,000 characters'],
    });
  });
});

describe('the fault scenario is checked with the simulator’s parser', () => {
  it('refuses an unknown scenario, parameter or value', () => {
    expect(errorsOf({ ...valid, overrides: { simulatorScenario: 'totally_bogus_fault' } })['overrides.simulatorScenario']).toEqual([
      expect.stringMatching(
        /^Unknown fault scenario “totally_bogus_fault”\. Known scenarios: rate_limit_html, .*echo_key_in_error, echo_key_in_stream\.$/,
      ),
    ]);
    expect(errorsOf({ ...valid, overrides: { simulatorScenario: 'overloaded; colour=red' } })['overrides.simulatorScenario']).toEqual([
      expect.stringMatching(/^Unknown scenario parameter “colour”/),
    ]);
    expect(errorsOf({ ...valid, overrides: { simulatorScenario: 'overloaded; times=x' } })['overrides.simulatorScenario']).toEqual([
      '“x” is not a valid value for times.',
    ]);
    expect(errorsOf({ ...valid, overrides: { simulatorScenario: 'overloaded\nx-evil: 1' } })['overrides.simulatorScenario']).toEqual([
      'The scenario header may hold printable ASCII characters only.',
    ]);
  });

  it('accepts what the simulator accepts', () => {
    for (const simulatorScenario of ['overloaded; times=2', 'RATE_LIMIT_HTML; retry_after=none', 'cut_midstream; after=2; mode=close']) {
      expect(errorsOf({ ...valid, overrides: { simulatorScenario } }), simulatorScenario).toEqual({});
    }
  });
});

describe('startRunSchemaFor checks against the server’s lists', () => {
  it('profiles: known and usable, for the run and its fallbacks; never the run’s own', () => {
    expect(errorsOf({ ...valid, profileName: 'gpt-17' })).toEqual({ profileName: ['No profile named “gpt-17”'] });
    expect(errorsOf({ ...valid, profileName: 'anthropic-claude-sonnet' })).toEqual({
      profileName: ['Anthropic · Claude Sonnet cannot be used on this server: ANTHROPIC_API_KEY is not set on the server'],
    });
    expect(errorsOf({ ...valid, options: { fallbacks: ['simulator-chat', 'nope', 'anthropic-claude-sonnet'] } })).toEqual({
      'options.fallbacks': [
        'The run’s own profile cannot be its fallback',
        'No profile named “nope”',
        'Anthropic · Claude Sonnet cannot be used on this server: ANTHROPIC_API_KEY is not set on the server',
      ],
    });
    expect(errorsOf({ ...valid, options: { fallbacks: ['simulator-responses'] } })).toEqual({});
  });

  it('workspace templates: only the folders there are', () => {
    expect(errorsOf({ ...valid, options: { workspaceTemplate: 'sample-project' } })).toEqual({});
    expect(errorsOf({ ...valid, options: { workspaceTemplate: 'other-project' } })).toEqual({
      'options.workspaceTemplate': ['No workspace template named “other-project”'],
    });
    expect(errorsOf({ ...valid, options: { workspaceTemplate: '/etc' } })).toEqual({
      'options.workspaceTemplate': ['Choose a workspace template from the list'],
    });
  });

  it('reports every field at once, not one problem per submission', () => {
    expect(
      Object.keys(
        errorsOf({
          profileName: 'simulator-chat',
          task: '',
          overrides: { temperature: 9 },
          options: { fallbacks: ['nope'], workspaceTemplate: 'gone' },
        }),
      ).sort(),
    ).toEqual(['options.fallbacks', 'options.workspaceTemplate', 'overrides.temperature', 'task']);
  });

  it('leaves stored options alone: the conductor re-reads them with the plain options schema', () => {
    const options = startRunInputSchema.shape.options.parse({
      maxTurns: 3,
      fallbacks: ['simulator-responses'],
      fallbackProfiles: [{}],
      idempotencyKey: 'k'.repeat(20),
    });
    expect(options).toEqual({
      maxTurns: 3,
      tools: ['list_files', 'read_file', 'write_file', 'search_text'],
      allowCommands: false,
      fallbacks: ['simulator-responses'],
    });
  });
});
