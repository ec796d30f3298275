import { turnNumber } from '@/lib/run-events/turn-number';
import type { DiffPiece } from '@/lib/runs/answer-diff';
import type { ComparisonMember, ComparisonView, SummaryMetric, TurnCell } from '@/lib/runs/comparison-view';
import { formatCost, formatCount, formatDuration, formatTimestamp, truncate } from '@/lib/runs/format';
import { plain, statusColor, type Colors } from './colors';
import { formatTable, type Column } from './format-table';
import { terminalSafe } from './terminal-safe';
import { compactJson, indent } from './transcript-text';

/** A member's column is cut at this width (a run id fits). */
const COLUMN_WIDTH = 36;
const BEST = '★';

type Row = { label: string; cells: string[] };
type TurnFacts = Extract<TurnCell, { kind: 'turn' }>;

/**
 * `npm run runs -- compare <id>`: the comparison's runs side by side — a column per run, per turn
 * the rows of its metrics (tool calls, tokens, cache, cost, latency, TTFT, retries / fallbacks,
 * delivery, finish reason), then a summary per run with the best of each metric marked, then each
 * final answer's diff against the first column's. The view is made terminal-safe first.
 */
export function formatComparison(unsafeView: ComparisonView, colors: Colors = plain): string[] {
  const view = terminalSafe(unsafeView);
  const lines = [
    `${colors.bold(`Comparison ${view.id}`)} · ${view.members.length} runs · ${view.kind === 'lineage' ? 'a run beside its parent' : 'one task on several profiles'} · created ${formatTimestamp(view.createdAt)}`,
    `  ${colors.dim('task')}  ${truncate(view.task.replace(/\s+/g, ' '), 200)}`,
    '',
  ];
  const rows: Row[] = [
    { label: 'runtime · model', cells: view.members.map((member) => `${member.runtime} · ${member.model}`) },
    { label: 'run', cells: view.members.map((member) => member.runId) },
  ];
  if (view.members.some((member) => member.faultScenario))
    rows.push({ label: 'fault scenario', cells: view.members.map((member) => member.faultScenario ?? 'none') });
  if (view.members.some((member) => member.lineage))
    rows.push(
      { label: 'lineage', cells: view.members.map(lineageText) },
      { label: 'parent', cells: view.members.map((member) => parentText(member, view.members)) },
    );
  for (const turn of view.turns) {
    rows.push({ label: colors.bold(`Turn ${turnNumber(turn.index)}`), cells: view.members.map(() => '') });
    rows.push(...turnRows(turn.cells));
  }
  rows.push({ label: colors.bold('Per run'), cells: view.members.map(() => '') }, ...summaryRows(view, colors));
  const columns: Column<Row>[] = [
    { header: '', cell: (row) => row.label },
    ...view.members.map((member, column): Column<Row> => ({
      header: `${member.position + 1} ${member.profileName}`,
      cell: (row) => row.cells[column]!,
      maxWidth: COLUMN_WIDTH,
    })),
  ];
  lines.push(...formatTable(columns, rows, { header: colors.bold }));
  lines.push(colors.dim(`${BEST} best of the runs that succeeded (lowest); — not reported`), '', ...answerLines(view, colors));
  return lines;
}

/** How a fork or replay came from its parent. */
function lineageText(member: ComparisonMember): string {
  const lineage = member.lineage;
  if (!lineage) return '';
  if (lineage.kind === 'replay') return `replay (${lineage.replayMode ?? 'stop'} at divergence)`;
  return lineage.forkedAtTurn === null ? 'fork' : `fork after turn ${turnNumber(lineage.forkedAtTurn)}`;
}

/** The parent's column when it is in the comparison, else its id. */
function parentText(member: ComparisonMember, members: ComparisonMember[]): string {
  const lineage = member.lineage;
  if (!lineage) return '';
  const column = members.find((candidate) => candidate.runId === lineage.parentRunId);
  return column ? `column ${column.position + 1}` : (lineage.parentRunId ?? 'deleted');
}

const LABELS = [
  'tool calls',
  'tokens in / out',
  'cache read / write',
  'cost est. / reported',
  'latency',
  'TTFT',
  'retries / fallbacks',
  'delivery',
  'finish reason',
] as const;

/** A turn's rows: a tool-call row per call (the most any member made, at least one), then a row per metric. */
function turnRows(cells: TurnCell[]): Row[] {
  const callRows = Math.max(1, ...cells.map((cell) => (cell.kind === 'turn' ? cell.toolCalls.length : 0)));
  const rows: Row[] = [];
  for (let call = 0; call < callRows; call++)
    rows.push({ label: call === 0 ? `  ${LABELS[0]}` : '', cells: cells.map((cell) => toolCallText(cell, call)) });
  for (const label of LABELS.slice(1))
    rows.push({ label: `  ${label}`, cells: cells.map((cell) => (cell.kind === 'turn' ? metricText(cell, label) : '')) });
  return rows;
}

function toolCallText(cell: TurnCell, position: number): string {
  if (cell.kind === 'carried') return position === 0 ? 'carried from the parent' : '';
  if (cell.kind === 'none') return position === 0 ? 'no turn' : '';
  const call = cell.toolCalls[position];
  if (!call) return position === 0 ? 'none' : '';
  return `${call.name} ${compactJson(call.arguments)}${call.isError ? ' ✗' : ''}${call.replayed ? ' (replayed)' : ''}`;
}

const pair = (a: string, b: string) => `${a} / ${b}`;

function metricText(cell: TurnFacts, label: (typeof LABELS)[number]): string {
  switch (label) {
    case 'tokens in / out':
      return pair(formatCount(cell.inputTokens), formatCount(cell.outputTokens));
    case 'cache read / write':
      return pair(formatCount(cell.cacheReadTokens), formatCount(cell.cacheWriteTokens));
    case 'cost est. / reported':
      return pair(formatCost(cell.costUsd), formatCost(cell.providerCostUsd));
    case 'latency':
      return formatDuration(cell.latencyMs);
    case 'TTFT':
      return formatDuration(cell.ttftMs);
    case 'retries / fallbacks':
      return pair(String(cell.retries), String(cell.fallbacks));
    case 'delivery':
      return cell.delivery ? cell.delivery.replace('-', ' ') : '—';
    default:
      return cell.finishReason ?? (cell.status === 'succeeded' ? '—' : cell.status);
  }
}

/** The summary rows: a value per run, ★ on the best of each metric. */
function summaryRows(view: ComparisonView, colors: Colors): Row[] {
  const mark = (metric: SummaryMetric, member: ComparisonMember, text: string) =>
    view.best[metric].includes(member.runId) ? colors.green(`${text} ${BEST}`) : text;
  const row = (label: string, cell: (member: ComparisonMember) => string): Row => ({ label: `  ${label}`, cells: view.members.map(cell) });
  return [
    row('outcome', (member) => statusColor(colors, member.status)(member.summary.outcome)),
    row('cost est.', (member) => mark('costUsd', member, costText(member))),
    row('cost reported', (member) => formatCost(member.summary.providerCostUsd)),
    row('wall time', (member) => mark('wallMs', member, formatDuration(member.summary.wallMs))),
    row('turns', (member) => mark('turns', member, formatCount(member.summary.turns))),
    row('errors', (member) => mark('errors', member, formatCount(member.summary.errors))),
    row('tokens in', (member) => formatCount(member.summary.inputTokens)),
    row('tokens out', (member) => mark('outputTokens', member, formatCount(member.summary.outputTokens))),
  ];
}

/** No price is not $0: a run that used tokens of an unpriced model says so. */
function costText(member: ComparisonMember): string {
  const { costUsd, inputTokens, outputTokens } = member.summary;
  if (costUsd === null) return inputTokens + outputTokens > 0 ? 'no price' : '—';
  return formatCost(costUsd);
}

/** The first column's final answer, then each other one as its word diff against it. */
function answerLines(view: ComparisonView, colors: Colors): string[] {
  const [first, ...others] = view.members;
  if (!first) return [];
  const name = (member: ComparisonMember) => `${member.position + 1} ${member.profileName}`;
  const lines = [colors.bold('Final answers'), `  ${colors.bold(name(first))}`];
  lines.push(...(first.finalAnswer === null ? ['    no final answer'] : indent(first.finalAnswer, '    ')));
  for (const member of others) {
    lines.push(`  ${colors.bold(name(member))}${member.answerDiff ? colors.dim(` against ${name(first)}`) : ''}`);
    if (member.finalAnswer === null) lines.push('    no final answer');
    else if (!member.answerDiff) lines.push(...indent(member.finalAnswer, '    '));
    else if (member.answerDiff.every((piece) => piece.op === 'same')) lines.push('    the same answer');
    else lines.push(...indent(diffText(member.answerDiff, colors), '    '));
  }
  if (others.some((member) => member.answerDiff?.some((piece) => piece.op !== 'same')))
    lines.push(colors.enabled ? colors.dim('  removed in red, added in green') : '  [-removed-] {+added+}');
  return lines;
}

/** A word diff as text: removed and added words in colour on a terminal, between [- -] and {+ +} otherwise. */
export function diffText(pieces: DiffPiece[], colors: Colors = plain): string {
  return pieces
    .map((piece) => {
      if (piece.op === 'same') return piece.text;
      const [, lead, body, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(piece.text)!;
      if (!body) return piece.text;
      const marked = colors.enabled
        ? (piece.op === 'added' ? colors.green : colors.red)(body)
        : piece.op === 'added'
          ? `{+${body}+}`
          : `[-${body}-]`;
      return `${lead}${marked}${trail}`;
    })
    .join('');
}
