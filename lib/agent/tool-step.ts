import type { InvalidToolCall, Message, ProviderResult, ToolCallPart, ToolResultPart } from '@/lib/providers/core/types';
import type { ToolCallRecord } from '@/lib/store/fenced-run';
import type { RecordedToolCall } from '@/lib/store/tool-calls';
import { executeToolCall, type ToolCallOutcome } from '@/lib/tools/dispatch';
import type { ArgumentErrors } from '@/lib/tools/types';
import type { ExecutingRun } from './prepare-run';

/** A tool call of the reply: valid, or with arguments that were not JSON (answered with the reason, never run). */
type RequestedToolCall = { call: ToolCallPart; invalid: null } | { call: null; invalid: InvalidToolCall };

/** The tool calls a reply asks for, the valid ones first. */
export function requestedToolCalls(result: ProviderResult): RequestedToolCall[] {
  return [
    ...result.toolCalls.map((call) => ({ call, invalid: null })),
    ...result.invalidToolCalls.map((invalid) => ({ call: null, invalid })),
  ];
}

/**
 * Runs the requested tool calls one after the other in the run's workspace, each result written to
 * the run log as it comes; a cancel stops after the call in progress. A replay passes the recorded
 * calls that match the first ones: their recorded results are served and those tools do not run.
 * Returns their ToolCall records and the tool message that answers them.
 */
export async function executeToolCalls(
  requested: RequestedToolCall[],
  run: ExecutingRun,
  served: RecordedToolCall[] = [],
): Promise<{ records: ToolCallRecord[]; message: Message }> {
  const results: ToolResultPart[] = [];
  const records: ToolCallRecord[] = [];
  for (const [position, { call, invalid }] of requested.entries()) {
    const id = call?.id ?? invalid!.id;
    const name = call?.name ?? invalid!.name;
    const startedAt = new Date();
    const recorded = served[position];
    const outcome = recorded
      ? (recorded.result as ToolCallOutcome)
      : call
        ? await executeToolCall(
            { name, arguments: call.arguments },
            { workspaceDir: run.workspaceDir, allowCommands: run.options.allowCommands, signal: run.signal },
          )
        : { ok: false as const, errors: [{ path: [], message: invalid!.error }] };
    records.push({
      providerCallId: id,
      name,
      rawArguments: call?.rawArguments ?? invalid!.rawArguments,
      arguments: call ? call.arguments : undefined,
      validationErrors: 'errors' in outcome ? (outcome as ArgumentErrors).errors : undefined,
      result: outcome,
      isError: outcome.ok === false,
      replayed: !!recorded,
      durationMs: Date.now() - startedAt.getTime(),
      startedAt,
      finishedAt: new Date(),
    });
    run.fenced.events.append('tool-result', { id, name, ok: outcome.ok, result: outcome, ...(recorded ? { replayed: true } : {}) });
    results.push({ type: 'tool-result', toolCallId: id, toolName: name, output: outcome, isError: outcome.ok === false });
    if (run.signal.aborted) break;
  }
  return { records, message: { role: 'tool', content: results } };
}
