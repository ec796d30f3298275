import type { CachePolicy, ToolChoice, ToolDefinition } from '../core/types';
import { cacheControlFor } from './convert-to-anthropic-messages';

export function prepareAnthropicTools(
  tools: ToolDefinition[] | undefined,
  toolChoice: ToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
  cache: { policy: CachePolicy; ttl?: '5m' | '1h' } | undefined,
) {
  if (!tools?.length) return {};
  const cacheTools = cache?.policy === 'system+tools' || cache?.policy === 'system+tools+last-turn';
  const prepared = tools.map((tool, index) => ({
    name: tool.name,
    description: tool.description,
    input_schema: tool.inputSchema,
    ...(cacheTools && index === tools.length - 1 ? { cache_control: cacheControlFor(cache?.ttl) } : {}),
  }));
  const disableParallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  let choice: Record<string, unknown> | undefined;
  if (toolChoice === 'auto' || (toolChoice === undefined && parallelToolCalls === false)) choice = { type: 'auto', ...disableParallel };
  else if (toolChoice === 'required') choice = { type: 'any', ...disableParallel };
  else if (toolChoice === 'none') choice = { type: 'none' };
  else if (toolChoice) choice = { type: 'tool', name: toolChoice.name, ...disableParallel };
  return { tools: prepared, ...(choice ? { tool_choice: choice } : {}) };
}
