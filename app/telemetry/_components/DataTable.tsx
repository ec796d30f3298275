import Link from 'next/link';
import type { ReactNode } from 'react';
import styles from './DataTable.module.css';

export type Column<Row> = {
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
};

/** The accessible table behind a chart: one row per (non-empty) bucket or category; its header links to its runs. */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowLabel,
  rowHref,
  emptyText = 'No data in this window.',
}: {
  caption: string;
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
  rowLabel: { header: string; cell: (row: Row) => string };
  rowHref?: (row: Row) => string;
  emptyText?: string;
}) {
  if (!rows.length) return <p className={styles.empty}>{emptyText}</p>;
  return (
    <div className={styles.scroll} role="region" aria-label={caption} tabIndex={0}>
      <table className={styles.table}>
        <caption className={styles.caption}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowLabel.header}</th>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.numeric ? styles.numeric : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const label = rowLabel.cell(row);
            return (
              <tr key={label}>
                <th scope="row">
                  {rowHref ? (
                    <Link href={rowHref(row)} aria-label={`Runs for ${label}`} title="Open the runs behind this row">
                      {label}
                    </Link>
                  ) : (
                    label
                  )}
                </th>
                {columns.map((column) => (
                  <td key={column.header} className={column.numeric ? styles.numeric : undefined}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
