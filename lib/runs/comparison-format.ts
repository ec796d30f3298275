import type { ComparisonMember, SummaryMetric, TurnCell } from './comparison-view';
import { formatCost, formatCount, formatDuration, truncate } from './format';

/** The words of the comparison page's cells (the view carries data). Pure; client-safe. */

type TurnFigures = Extract<TurnCell, { kind: 'turn' }>;

/** `read_file({"path":"notes.md"})`, long arguments cut; `[replayed]` when the recording served the result. */
export function toolCallText(call: TurnFigures['toolCalls'][number], max = 120): string {
  return `${truncate(`${call.name}(${JSON.stringify(call.arguments) ?? ''})`, max)}${call.replayed ? ' [replayed]' : ''}`;
}

const DELIVERY: Record<NonNullable<TurnFigures['delivery']>, string> = {
  streamed: 'streamed',
  fallback: 'non-streaming fallback',
  'not-streamed': 'not streamed (as asked)',
  'not-started': 'no reply',
};

export function deliveryText(delivery: TurnFigures['delivery']): string {
  return delivery ? DELIVERY[delivery] : '—';
}

/** `1,234 / 56`: a pair of counts a provider may not report (— for either it did not). */
export function pairText(first: number | null, second: number | null): string {
  return `${formatCount(first)} / ${formatCount(second)}`;
}

/** The summary row's columns, in order: the metrics `view.best` marks, then the others. */
export const SUMMARY_COLUMNS: { key: string; label: string; best?: SummaryMetric; text: (member: ComparisonMember) => string }[] = [
  { key: 'cost', label: 'Cost (est.)', best: 'costUsd', text: (member) => formatCost(member.summary.costUsd) },
  { key: 'reported', label: 'Cost (reported)', text: (member) => formatCost(member.summary.providerCostUsd) },
  { key: 'wall', label: 'Wall time', best: 'wallMs', text: (member) => formatDuration(member.summary.wallMs) },
  { key: 'turns', label: 'Turns', best: 'turns', text: (member) => formatCount(member.summary.turns) },
  { key: 'errors', label: 'Errors', best: 'errors', text: (member) => formatCount(member.summary.errors) },
  {
    key: 'tokens',
    label: 'Tokens in / out',
    best: 'outputTokens',
    text: (member) => pairText(member.summary.inputTokens, member.summary.outputTokens),
  },
];
