import type { ToolChoice, ToolDefinition } from '../core/types';

export function prepareResponsesTools(tools: ToolDefinition[] | undefined, toolChoice: ToolChoice | undefined) {
  if (!tools?.length) return {};
  return {
    tools: tools.map((tool) => ({
      type: 'function' as const,
      name: tool.name,
      description: tool.description,
      parameters: tool.inputSchema,
      strict: false,
    })),
    ...(toolChoice
      ? { tool_choice: typeof toolChoice === 'string' ? toolChoice : { type: 'function' as const, name: toolChoice.name } }
      : {}),
  };
}
