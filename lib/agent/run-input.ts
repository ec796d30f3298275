import { z } from 'zod';
import { cacheSchema, reasoningSchema } from '@/lib/config/profile-schema';

export const TOOL_NAMES = ['list_files', 'read_file', 'write_file', 'search_text', 'run_command'] as const;

/** What the console (or the API) sends to start a run. The same schema validates on the server. */
export const startRunInputSchema = z.object({
  profileName: z.string().min(1, 'choose a provider profile'),
  task: z.string().trim().min(1, 'describe the task').max(20_000, 'at most 20,000 characters'),
  overrides: z
    .object({
      model: z.string().trim().min(1).max(200).optional(),
      stream: z.boolean().optional(),
      temperature: z.number().min(0).max(2).optional(),
      maxOutputTokens: z.number().int().positive().max(1_000_000).optional(),
      reasoning: reasoningSchema.optional(),
      cache: cacheSchema.optional(),
      simulatorScenario: z.string().max(200).optional(),
    })
    .default({}),
  options: z
    .object({
      maxTurns: z.number().int().min(1).max(50).default(8),
      tools: z
        .array(z.enum(TOOL_NAMES))
        .max(TOOL_NAMES.length, `at most the ${TOOL_NAMES.length} tools, each once`)
        .refine((tools) => new Set(tools).size === tools.length, 'each tool at most once')
        .default(['list_files', 'read_file', 'write_file', 'search_text']),
      allowCommands: z.boolean().default(false),
      systemPrompt: z.string().max(20_000).optional(),
      /** A folder of `workspace-templates/` copied into the run's workspace before it starts. */
      workspaceTemplate: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a folder name of workspace-templates/').optional(),
      /** Profiles to switch to after this one's retries for rate_limit / overloaded / server errors. */
      fallbacks: z.array(z.string().min(1)).max(5).default([]),
    })
    .default({ maxTurns: 8, tools: ['list_files', 'read_file', 'write_file', 'search_text'], allowCommands: false, fallbacks: [] }),
});

export type StartRunInput = z.input<typeof startRunInputSchema>;
export type RunOptions = z.infer<typeof startRunInputSchema>['options'];

export const DEFAULT_SYSTEM_PROMPT =
  'You are an agent working in a sandboxed workspace. Use the tools you are given when they help, then answer concisely.';
