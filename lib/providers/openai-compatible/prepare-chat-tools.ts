import type { ToolChoice, ToolDefinition } from '../core/types';

export function prepareChatTools(tools: ToolDefinition[] | undefined, toolChoice: ToolChoice | undefined) {
  if (!tools?.length) return {};
  return {
    tools: tools.map((tool) => ({
      type: 'function' as const,
      function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
    })),
    ...(toolChoice
      ? { tool_choice: typeof toolChoice === 'string' ? toolChoice : { type: 'function' as const, function: { name: toolChoice.name } } }
      : {}),
  };
}
