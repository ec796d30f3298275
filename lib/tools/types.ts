import type { z } from 'zod';

/** What every tool call runs with: the run's workspace and what the run's profile allows. */
export type ToolContext = {
  /** The run's workspace folder (from `createWorkspace`). Tools never touch anything outside it. */
  workspaceDir: string;
  /** `run_command` works only when the profile enables it. */
  allowCommands: boolean;
  /** Aborts a running tool (the run was cancelled). */
  signal?: AbortSignal;
};

export type ToolErrorCode =
  | 'path_refused'
  | 'not_found'
  | 'not_a_directory'
  | 'is_directory'
  | 'binary_file'
  | 'symlink_refused'
  | 'too_large'
  | 'permission_denied'
  | 'invalid_regex'
  | 'commands_disabled'
  | 'command_not_found'
  | 'cancelled'
  | 'io_error'
  | 'unknown_tool'
  | 'internal_error';

/**
 * A failure as the model sees it: a code to switch on and a sentence to read. `path` names the
 * argument at fault (e.g. `['path']`) when there is one.
 */
export type ToolError = {
  code: ToolErrorCode;
  message: string;
  path?: string[];
  /** With `unknown_tool`: the tools this run offers. */
  available_tools?: string[];
};
export type ToolFailure = { ok: false; error: ToolError };

/** Arguments that failed the tool's schema: one entry per problem, the tool did not run. */
export type ArgumentErrors = { ok: false; errors: { path: string[]; message: string }[] };

/** What a tool returns: JSON-serializable, `ok` first, never thrown. */
export type ToolResult = ({ ok: true } & Record<string, unknown>) | ToolFailure;

export type BuiltinTool<S extends z.ZodObject = z.ZodObject> = {
  name: string;
  /** Shown to the model: what the tool does and its limits. */
  description: string;
  /** Validates the arguments; its JSON Schema is what the model sees. */
  schema: S;
  /** Only offered and run when the context allows commands (`run_command`). */
  requiresCommands?: boolean;
  /** Runs with arguments the schema accepted. Never throws: failures are `ToolFailure` values. */
  execute(args: z.output<S>, context: ToolContext): Promise<ToolResult>;
};

/** Declares a tool with its argument types inferred from its schema. */
export function builtinTool<S extends z.ZodObject>(tool: BuiltinTool<S>): BuiltinTool<S> {
  return tool;
}
