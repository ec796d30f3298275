/**
 * The built-in tools, by name, in the order they are offered to the model. Client-safe (the New
 * run form and the run input schema read it); `registry.ts` maps each name to its tool.
 */
export const TOOL_NAMES = ['list_files', 'read_file', 'write_file', 'search_text', 'run_command'] as const;

export type ToolName = (typeof TOOL_NAMES)[number];
