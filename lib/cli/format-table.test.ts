import { describe, expect, it } from 'vitest';
import { createColors, stripAnsi } from './colors';
import { formatTable, type Column } from './format-table';

type Row = { name: string; count: number };
const columns: Column<Row>[] = [
  { header: 'name', cell: (row) => row.name, maxWidth: 8 },
  { header: 'count', cell: (row) => String(row.count), align: 'right' },
];

describe('formatTable', () => {
  it('aligns columns, right-aligns numbers, cuts long cells and leaves no trailing spaces', () => {
    expect(
      formatTable(columns, [
        { name: 'a', count: 1 },
        { name: 'a-very-long-name', count: 12345 },
      ]),
    ).toEqual(['name      count', 'a             1', 'a-very-…  12345']);
  });

  it('measures widths without colour escapes', () => {
    const colors = createColors(true);
    const lines = formatTable([{ header: 'status', cell: (row: Row) => colors.green(row.name) }, columns[1]!], [{ name: 'ok', count: 3 }]);
    expect(lines[1]).toContain('\u001b[32mok\u001b[39m');
    expect(lines.map(stripAnsi)).toEqual(['status  count', 'ok          3']);
  });

  it('prints only the header when there are no rows', () => {
    expect(formatTable(columns, [])).toEqual(['name  count']);
  });
});
