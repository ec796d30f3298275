import { formatCount, formatDuration, formatRunCost, formatTimestamp } from '@/lib/runs/format';
import type { RunListItem, RunListNavigation, RunListPage } from '@/lib/runs/list-runs';
import type { RetentionNotice } from '@/lib/runs/retention-notice';
import { retentionSentence } from '@/lib/runs/retention-text';
import { plain, statusColor, type Colors } from './colors';
import { formatTable, type Column } from './format-table';
import { terminalSafe } from './terminal-safe';

/** `npm run runs -- list`: the /runs page's rows (made terminal-safe) as a dense table, and what retention removed, if anything. */
export function formatRunList(
  unsafePage: RunListPage,
  colors: Colors = plain,
  total?: RunListNavigation['total'],
  retention: RetentionNotice | null = null,
): string[] {
  const page = terminalSafe(unsafePage);
  const removed = retention ? [colors.dim(retentionSentence(retention))] : [];
  const columns: Column<RunListItem>[] = [
    { header: 'status', cell: (run) => statusColor(colors, run.status)(run.status) + (run.importedFromId ? colors.dim(' imported') : '') },
    { header: 'provider', cell: (run) => run.provider, maxWidth: 12 },
    { header: 'model', cell: (run) => run.model, maxWidth: 28 },
    { header: 'turns', cell: (run) => formatCount(run.turnCount), align: 'right' },
    { header: 'tokens in/out', cell: (run) => `${formatCount(run.inputTokens)}/${formatCount(run.outputTokens)}`, align: 'right' },
    { header: 'cost', cell: (run) => formatRunCost(run), align: 'right' },
    {
      header: 'errors',
      cell: (run) => (run.errorCount || run.errorKind ? colors.red(`${run.errorCount}${run.errorKind ? ` ${run.errorKind}` : ''}`) : '0'),
    },
    { header: 'duration', cell: (run) => formatDuration(run.durationMs), align: 'right' },
    { header: 'started (UTC)', cell: (run) => formatTimestamp(run.startedAt ?? run.createdAt).replace(' UTC', '') },
    { header: 'id', cell: (run) => run.id },
  ];
  const lines: string[] = [];
  if (page.callWindow) {
    const window = page.callWindow;
    lines.push(colors.dim(`Showing runs with provider calls between ${formatTimestamp(window.from)} and ${formatTimestamp(window.to)}.`));
  }
  if (!page.runs.length) return [...lines, 'No runs match these filters.', ...removed];
  lines.push(...formatTable(columns, page.runs, { header: colors.bold }));
  // "2 of 1,000+ runs" when there is more than this page; "2 runs" when that is all of them.
  const of =
    total && (total.atLeast || total.count !== page.runs.length)
      ? ` of ${total.count.toLocaleString('en')}${total.atLeast ? '+' : ''}`
      : '';
  lines.push(
    colors.dim(
      `${page.runs.length}${of} run${page.runs.length === 1 && !of ? '' : 's'}${page.nextCursor ? ` · older: add --cursor ${page.nextCursor}` : ''}`,
    ),
  );
  return [...lines, ...removed];
}
