// Most of a chart's series, and most columns of its table, show one field of a point each: a
// series under the field's name as its key, a column under a header. Written once here; a series
// or column computed otherwise is declared in full where it is used.
import { formatInt } from '@/lib/telemetry/format';
import type { ChartSeries } from './chart-series';
import { count } from './chart-theme';
import type { Column } from './DataTable';

/** A point of a time-bucketed chart with a number (or no value) in its field `K`. */
type BucketPoint<K extends string> = { bucket: string } & Record<K, number | null>;

/** What a field series may add: a stack, an axis, a dashed line, its own link, another format. */
type SeriesOptions<T> = Partial<Pick<ChartSeries<T>, 'stack' | 'axis' | 'dashed' | 'connectNulls' | 'format' | 'href'>>;

/** Bars of the count in the point's field `key` (a missing value shows as a dash in the tooltip). */
export function countBars<K extends string, T extends BucketPoint<K>>(
  key: K,
  name: string,
  color: string,
  options: SeriesOptions<T> = {},
): ChartSeries<T> {
  return { key, name, kind: 'bar', color, value: (point) => point[key], format: count, ...options };
}

/** A line through the values of the point's field `key`, each shown with `format`. */
export function fieldLine<K extends string, T extends BucketPoint<K>>(
  key: K,
  name: string,
  color: string,
  format: ChartSeries<T>['format'],
  options: SeriesOptions<T> = {},
): ChartSeries<T> {
  return { key, name, kind: 'line', color, value: (point) => point[key], format, ...options };
}

/** A table column of the count in the row's field `key`. */
export function countColumn<K extends string>(header: string, key: K): Column<Record<K, number>> {
  return { header, numeric: true, cell: (row) => formatInt(row[key]) };
}

/** A table column of the value in the row's field `key`, shown with `format`. */
export function fieldColumn<K extends string, V>(header: string, key: K, format: (value: V) => string): Column<Record<K, V>> {
  return { header, numeric: true, cell: (row) => format(row[key]) };
}
