import { stripAnsi } from './colors';

export type Column<Row> = {
  header: string;
  /** The cell's text (may carry ANSI colours; widths ignore them). */
  cell(row: Row): string;
  align?: 'left' | 'right';
  /** Cells longer than this are cut with "…" (before colouring: cut plain text in `cell`). */
  maxWidth?: number;
};

const width = (text: string) => [...stripAnsi(text)].length;

function fit(text: string, max: number | undefined): string {
  if (max === undefined || width(text) <= max) return text;
  const plainText = stripAnsi(text);
  return `${[...plainText].slice(0, Math.max(0, max - 1)).join('')}…`;
}

function pad(text: string, size: number, align: 'left' | 'right'): string {
  const gap = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? gap + text : text + gap;
}

/** A dense text table: a header row, then one line per row, columns two spaces apart, no trailing spaces. */
export function formatTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: { header?: (text: string) => string } = {},
): string[] {
  const cells = rows.map((row) => columns.map((column) => fit(column.cell(row), column.maxWidth)));
  const widths = columns.map((column, index) => Math.max(width(column.header), ...cells.map((line) => width(line[index]!))));
  const render = (line: string[]) =>
    line
      .map((cell, index) => pad(cell, widths[index]!, columns[index]!.align ?? 'left'))
      .join('  ')
      .replace(/\s+$/, '');
  const header = render(columns.map((column) => column.header));
  return [options.header ? options.header(header) : header, ...cells.map(render)];
}
