import { defineTool } from '@/lib/providers/core/define-tool';
import type { ToolDefinition } from '@/lib/providers/core/types';
import { listFilesTool } from './list-files';
import { readFileTool } from './read-file';
import { runCommandTool } from './run-command';
import { searchTextTool } from './search-text';
import { TOOL_NAMES, type ToolName } from './tool-names';
import type { BuiltinTool } from './types';
import { writeFileTool } from './write-file';

const TOOLS_BY_NAME: Record<ToolName, BuiltinTool> = {
  list_files: listFilesTool,
  read_file: readFileTool,
  write_file: writeFileTool,
  search_text: searchTextTool,
  run_command: runCommandTool,
};

/** Every built-in tool, in the order they are offered to the model (`TOOL_NAMES`). */
export const BUILTIN_TOOLS: readonly BuiltinTool[] = TOOL_NAMES.map((name) => TOOLS_BY_NAME[name]);

export type ToolOptions = { allowCommands: boolean };

/** The tools a run with these options may call (`run_command` only when commands are allowed). */
export function enabledTools(options: ToolOptions, tools: readonly BuiltinTool[] = BUILTIN_TOOLS): BuiltinTool[] {
  return tools.filter((tool) => options.allowCommands || !tool.requiresCommands);
}

/** What the provider request offers the model: name, description and JSON Schema of each enabled tool. */
export function toolDefinitions(options: ToolOptions): ToolDefinition[] {
  return enabledTools(options).map((tool) => defineTool(tool.name, tool.description, tool.schema));
}
