import { turnNumber } from '@/lib/run-events/turn-number';
import type { ComparisonView, TurnCell } from './comparison-view';

const HEADER = [
  'row',
  'turn',
  'column',
  'run_id',
  'profile',
  'runtime',
  'model',
  'fault_scenario',
  'status',
  'finish_reason',
  'tool_calls',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'cost_usd',
  'provider_cost_usd',
  'latency_ms',
  'ttft_ms',
  'wall_ms',
  'attempts',
  'retries',
  'fallbacks',
  'delivery',
  'errors',
  'outcome',
] as const;

type Value = string | number | boolean | null | undefined;

/**
 * A cell as CSV: quoted when it holds a comma, quote or line break; text a spreadsheet would run
 * as a formula (=, +, -, @, tab, carriage return first) starts with a quote mark instead. Not
 * reported stays empty, never 0.
 */
export function csvCell(value: Value): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const toolCallsText = (cell: Extract<TurnCell, { kind: 'turn' }>) =>
  cell.toolCalls.map((call) => `${call.name}(${JSON.stringify(call.arguments)})${call.replayed ? ' [replayed]' : ''}`).join('; ');

/** The comparison as one CSV table: a `turn` row per turn (numbered from 1) and column, then a `run` row per column with its totals. */
export function comparisonCsv(view: ComparisonView): string {
  const lines: Value[][] = [[...HEADER]];
  for (const turn of view.turns) {
    turn.cells.forEach((cell, column) => {
      const member = view.members[column]!;
      const base: Value[] = [
        'turn',
        turnNumber(turn.index),
        column + 1,
        member.runId,
        member.profileName,
        member.runtime,
        member.model,
        member.faultScenario,
      ];
      if (cell.kind !== 'turn') {
        lines.push([...base, cell.kind === 'carried' ? 'carried from parent' : 'no turn']);
        return;
      }
      lines.push([
        ...base,
        cell.status,
        cell.finishReason,
        toolCallsText(cell),
        cell.inputTokens,
        cell.outputTokens,
        cell.cacheReadTokens,
        cell.cacheWriteTokens,
        cell.costUsd,
        cell.providerCostUsd,
        cell.latencyMs,
        cell.ttftMs,
        null,
        cell.attempts,
        cell.retries,
        cell.fallbacks,
        cell.delivery,
        null,
        null,
      ]);
    });
  }
  for (const member of view.members) {
    const { summary } = member;
    lines.push([
      'run',
      null,
      member.position + 1,
      member.runId,
      member.profileName,
      member.runtime,
      member.model,
      member.faultScenario,
      member.status,
      null,
      null,
      summary.inputTokens,
      summary.outputTokens,
      null,
      null,
      summary.costUsd,
      summary.providerCostUsd,
      null,
      null,
      summary.wallMs,
      null,
      null,
      null,
      null,
      summary.errors,
      summary.outcome,
    ]);
  }
  return lines.map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
