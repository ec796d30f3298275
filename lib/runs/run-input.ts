import { z } from 'zod';
import { modelIdSchema } from '@/lib/config/model-id';
import { cacheSchema, reasoningSchema } from '@/lib/config/profile-schema';
import { unstorableCharacters } from '@/lib/redaction/storable-text';
import { SCENARIO_NAMES, SCENARIO_PARAMS, parseScenarioHeader, type ScenarioHeaderProblem } from '@/lib/simulator/scenario-header';
import { TOOL_NAMES, type ToolName } from '@/lib/tools/tool-names';

export const DEFAULT_TOOLS = ['list_files', 'read_file', 'write_file', 'search_text'] as const satisfies readonly ToolName[];
export const MAX_FALLBACKS = 5;
const MAX_TASK_CHARS = 20_000;
const MAX_SYSTEM_PROMPT_CHARS = 20_000;

/** A folder name of `workspace-templates/` (never a path). */
export const WORKSPACE_TEMPLATE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const count = (value: number) => value.toLocaleString('en-US');

/** A whole number between `min` and `max`, with messages a person can act on (NaN: the field held no number). */
function wholeNumber(label: string, unit: string, min: number, max: number) {
  const range = `${label} must be between ${count(min)} and ${count(max)}`;
  return z
    .number({ error: `Enter a whole number of ${unit}` })
    .int(`Enter a whole number of ${unit}`)
    .min(min, range)
    .max(max, range);
}

/** The simulator's parser (lib/simulator/scenario-header.ts), worded for the form. */
function describeScenarioProblem(problem: ScenarioHeaderProblem): string {
  switch (problem.kind) {
    case 'unknown_scenario':
      return `Unknown fault scenario “${problem.name}”. Known scenarios: ${SCENARIO_NAMES.join(', ')}.`;
    case 'unknown_param':
      return `Unknown scenario parameter “${problem.key}”. Known parameters: ${Object.keys(SCENARIO_PARAMS).join(', ')}.`;
    case 'invalid_value':
      return `“${problem.value}” is not a valid value for ${problem.key}.`;
    case 'invalid_characters':
      return 'The scenario header may hold printable ASCII characters only.';
  }
}

/**
 * Every free-text field of a run (task, system prompt): text Postgres can store (no NUL, no unpaired
 * surrogate), refused with a message a person can act on. The server also masks secrets in them
 * before anything is stored or sent (`maskFreeText`, lib/runs/start-run.ts).
 */
function freeText(label: string, max: number, required?: string) {
  const text = z.string({ error: required ?? `${label} must be text` });
  return (required ? text.trim().min(1, required) : text)
    .max(max, `${label} can be at most ${count(max)} characters`)
    .superRefine((text, context) => {
      const unstorable = unstorableCharacters(text);
      if (unstorable) context.addIssue({ code: 'custom', message: `${label} contains ${unstorable}, which cannot be stored; remove it.` });
    });
}

const simulatorScenarioSchema = z
  .string({ error: 'Enter a scenario header' })
  .max(200, 'The scenario header can be at most 200 characters')
  .superRefine((header, context) => {
    const parsed = parseScenarioHeader(header);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: describeScenarioProblem(parsed.problem) });
  });

const reasoningOverrideSchema = z.object(
  {
    effort: z.enum(reasoningSchema.shape.effort.unwrap().options, { error: 'Choose a reasoning effort from the list' }).optional(),
    summary: z.enum(reasoningSchema.shape.summary.unwrap().options, { error: 'Choose a reasoning summary from the list' }).optional(),
    budgetTokens: wholeNumber('The thinking budget', 'tokens', 1, 1_000_000).optional(),
  },
  { error: 'Reasoning settings must be an object' },
);

const cacheOverrideSchema = z.object(
  {
    policy: z.enum(cacheSchema.shape.policy.options, { error: 'Choose a cache policy from the list' }),
    ttl: z.enum(cacheSchema.shape.ttl.unwrap().options, { error: 'The cache TTL is 5m or 1h' }).optional(),
  },
  { error: 'Cache settings must be an object' },
);

/**
 * What the console (or the API) sends to start a run. The same schema validates in the browser
 * and on the server; `startRunSchemaFor` adds what only the server's lists can tell (profiles,
 * workspace templates).
 */
export const startRunInputSchema = z.object(
  {
    profileName: z.string({ error: 'Choose a provider profile' }).min(1, 'Choose a provider profile'),
    task: freeText('The task', MAX_TASK_CHARS, 'Describe the task'),
    overrides: z
      .object(
        {
          model: modelIdSchema.optional(),
          stream: z.boolean({ error: 'Streaming is either on or off' }).optional(),
          temperature: z
            .number({ error: 'Temperature must be a number between 0 and 2' })
            .min(0, 'Temperature must be between 0 and 2')
            .max(2, 'Temperature must be between 0 and 2')
            .optional(),
          maxOutputTokens: wholeNumber('Max output tokens', 'tokens', 1, 1_000_000).optional(),
          reasoning: reasoningOverrideSchema.optional(),
          cache: cacheOverrideSchema.optional(),
          simulatorScenario: simulatorScenarioSchema.optional(),
        },
        { error: 'Settings must be an object' },
      )
      .default({}),
    options: z
      .object(
        {
          maxTurns: wholeNumber('Max turns', 'turns', 1, 50).default(8),
          tools: z
            .array(z.enum(TOOL_NAMES, { error: (issue) => `Unknown tool “${String(issue.input)}”` }), {
              error: 'Choose tools from the list',
            })
            .max(TOOL_NAMES.length, `At most the ${TOOL_NAMES.length} tools, each once`)
            .refine((tools) => new Set(tools).size === tools.length, 'Each tool at most once')
            .default([...DEFAULT_TOOLS]),
          allowCommands: z.boolean({ error: 'Allowing commands is either on or off' }).default(false),
          systemPrompt: freeText('The system prompt', MAX_SYSTEM_PROMPT_CHARS).optional(),
          /** A folder of `workspace-templates/` copied into the run's workspace before it starts. */
          workspaceTemplate: z
            .string({ error: 'Choose a workspace template from the list' })
            .regex(WORKSPACE_TEMPLATE_NAME, 'Choose a workspace template from the list')
            .optional(),
          /** Profiles to switch to after this one's retries for rate_limit / overloaded / server errors. */
          fallbacks: z
            .array(z.string({ error: 'Name fallback profiles by their name' }).min(1, 'Name fallback profiles by their name'), {
              error: 'Fallback profiles must be a list',
            })
            .max(MAX_FALLBACKS, `At most ${MAX_FALLBACKS} fallback profiles`)
            .refine((names) => new Set(names).size === names.length, 'Each fallback profile at most once')
            .default([]),
        },
        { error: 'Options must be an object' },
      )
      .default({ maxTurns: 8, tools: [...DEFAULT_TOOLS], allowCommands: false, fallbacks: [] }),
    /**
     * One per rendering of the New run form: the server starts at most one run per key (a second
     * submission answers with the run the first one started; lib/store/runs.ts).
     */
    idempotencyKey: z
      .string({ error: 'The form key must be text; reload the page' })
      .regex(/^[A-Za-z0-9_-]{16,128}$/, 'The form key is malformed; reload the page')
      .optional(),
  },
  { error: 'Send the run as an object with a profile and a task' },
);

/** The server's lists a run is checked against: its profiles (with why each is unusable) and workspace templates. */
export type StartRunContext = {
  profiles: { name: string; label: string; disabledReason: string | null }[];
  workspaceTemplates: string[];
};

/** `startRunInputSchema` plus the checks against the server's lists. The form and `createRun` both use it. */
export function startRunSchemaFor(context: StartRunContext) {
  return startRunInputSchema.superRefine((input, issues) => {
    // Runs even when other fields failed (zod 4 keeps going), so every field's error shows at once.
    const profile = context.profiles.find((candidate) => candidate.name === input.profileName);
    if (typeof input.profileName === 'string' && input.profileName) {
      if (!profile) issues.addIssue({ code: 'custom', path: ['profileName'], message: `No profile named “${input.profileName}”` });
      else if (profile.disabledReason)
        issues.addIssue({
          code: 'custom',
          path: ['profileName'],
          message: `${profile.label} cannot be used on this server: ${profile.disabledReason}`,
        });
    }
    const options = input.options as Partial<RunOptions> | undefined;
    const template = options?.workspaceTemplate;
    if (typeof template === 'string' && WORKSPACE_TEMPLATE_NAME.test(template) && !context.workspaceTemplates.includes(template)) {
      issues.addIssue({ code: 'custom', path: ['options', 'workspaceTemplate'], message: `No workspace template named “${template}”` });
    }
    const fallbacks = Array.isArray(options?.fallbacks) ? options.fallbacks : [];
    for (const name of fallbacks) {
      if (typeof name !== 'string' || !name) continue;
      const fallback = context.profiles.find((candidate) => candidate.name === name);
      let message: string | null = null;
      if (name === input.profileName) message = 'The run’s own profile cannot be its fallback';
      else if (!fallback) message = `No profile named “${name}”`;
      else if (fallback.disabledReason) message = `${fallback.label} cannot be used on this server: ${fallback.disabledReason}`;
      if (message) issues.addIssue({ code: 'custom', path: ['options', 'fallbacks'], message });
    }
  });
}

export type FieldErrors = Record<string, string[]>;

/** Issues as field errors keyed by their path (`overrides.temperature`); issues of the whole input under `form`. */
export function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = prefix + (issue.path.map(String).join('.') || 'form');
    const list = (out[key] ??= []);
    if (!list.includes(issue.message)) list.push(issue.message);
  }
  return out;
}

export type StartRunInput = z.input<typeof startRunInputSchema>;
export type StartRunInputParsed = z.infer<typeof startRunInputSchema>;
export type RunOptions = StartRunInputParsed['options'];

export const DEFAULT_SYSTEM_PROMPT =
  'You are an agent working in a sandboxed workspace. Use the tools you are given when they help, then answer concisely.';
