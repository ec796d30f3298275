import type { z } from 'zod';
import { BUILTIN_TOOLS, enabledTools } from './registry';
import { toolFailure } from './tool-errors';
import type { ArgumentErrors, BuiltinTool, ToolContext, ToolResult } from './types';

export type ToolCallRequest = { name: string; arguments: unknown };

/** What a tool call produced (the model sees all of it) and how long it took. */
export type ToolCallOutcome = (ToolResult | ArgumentErrors) & { duration_ms: number };

/**
 * Runs one tool call of the model. Arguments are checked against the tool's schema first: invalid
 * ones come back as `errors` (path + message per problem) without running anything, so that the
 * model can correct itself. Unknown and disabled tools are failures too. Never throws.
 */
export async function executeToolCall(
  call: ToolCallRequest,
  context: ToolContext,
  tools: readonly BuiltinTool[] = BUILTIN_TOOLS,
): Promise<ToolCallOutcome> {
  const startedAt = performance.now();
  const outcome = (result: ToolResult | ArgumentErrors): ToolCallOutcome => ({
    ...result,
    duration_ms: Math.round(performance.now() - startedAt),
  });

  const tool = tools.find((candidate) => candidate.name === call.name);
  if (!tool) {
    const available = enabledTools(context, tools).map((candidate) => candidate.name);
    return outcome({
      ok: false,
      error: {
        code: 'unknown_tool',
        message: `there is no tool named ${JSON.stringify(call.name)}; available tools: ${available.join(', ')}`,
        available_tools: available,
      },
    });
  }
  if (tool.requiresCommands && !context.allowCommands) {
    return outcome(toolFailure('commands_disabled', `${tool.name} is disabled for this profile`));
  }

  const parsed = tool.schema.safeParse(call.arguments);
  if (!parsed.success) return outcome({ ok: false, errors: argumentErrors(parsed.error.issues, tool) });

  try {
    return outcome(await tool.execute(parsed.data, context));
  } catch (error) {
    // Tools return their failures; reaching this is a bug, still reported as a value.
    return outcome(toolFailure('internal_error', `${tool.name} failed unexpectedly: ${(error as Error)?.message ?? String(error)}`));
  }
}

/** zod issues as `{ path, message }`, one per unknown argument so each points at its key. */
export function argumentErrors(issues: readonly z.core.$ZodIssue[], tool: BuiltinTool): ArgumentErrors['errors'] {
  const accepted = Object.keys(tool.schema.shape).join(', ');
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code !== 'unrecognized_keys') return [{ path, message: issue.message }];
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: `unknown argument ${JSON.stringify(key)}${path.length === 0 ? `; ${tool.name} takes: ${accepted}` : ''}`,
    }));
  });
}
