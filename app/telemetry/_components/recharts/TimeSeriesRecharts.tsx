'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, type KeyboardEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { Bar, Brush, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { TIME_SERIES_HEIGHT, type ChartAxis, type ChartSeries } from '../chart-series';
import { SeriesLegend } from './SeriesLegend';
import { SeriesTooltip } from './SeriesTooltip';
import { ActiveLabel, useKeyboardOpen } from './use-keyboard-open';
import styles from './charts.module.css';

/** Lines get dots only when they have few values, so a lone value between gaps stays visible. */
const MAX_DOTTED_VALUES = 48;
/** A bar with a value is at least this many pixels tall, so a small count stays visible and clickable. */
const MIN_BAR_PX = 3;
const AXIS = { stroke: 'var(--panel-border)', tick: { fill: 'var(--muted)', fontSize: 11 }, tickLine: false } as const;

type Row = { x: number } & Record<string, number | null>;

export type TimeSeriesChartProps<T> = {
  title: string;
  description: string;
  points: readonly T[];
  series: ChartSeries<T>[];
  columnLabel: (point: T) => string;
  tick: (point: T) => string;
  columnHref: (point: T) => string;
  left: ChartAxis;
  right?: ChartAxis;
  /** Buckets `startIndex`…`endIndex` were picked with the brush: show just them. */
  onZoom?: (startIndex: number, endIndex: number) => void;
};

/**
 * A time-bucketed chart drawn by recharts: bars, stacked bars and lines on a left and an optional
 * right axis, a brush under the time axis that zooms the page into the buckets it spans, and a
 * legend whose buttons show and hide series. A click on a bar opens the runs behind it (the
 * series' own link if it has one), a click elsewhere in a column opens the column's runs; the
 * chart is one tab stop (recharts' accessibility layer: arrow keys move between buckets) and
 * Enter opens the runs of the bucket under the tooltip. Runs in the browser only (ssr: false).
 */
export default function TimeSeriesRecharts<T>({ title, description, points, series, columnLabel, tick, columnHref, left, right, onZoom }: TimeSeriesChartProps<T>) {
  const router = useRouter();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [brushed, setBrushed] = useState<{ startIndex: number; endIndex: number } | null>(null);
  const seriesKeys = series.map((entry) => entry.key).join();
  // One row per bucket: its index (the category axis) and each series' value under its key (a
  // series' value function is fixed by its key, so the keys stand for the series here).
  const rows = useMemo(() => points.map((point, x) => ({ x, ...Object.fromEntries(series.map((entry) => [entry.key, entry.value(point)])) }) as Row), [points, seriesKeys]);

  const pointAt = (label: unknown) => (typeof label === 'number' ? points[label] : undefined);
  const hasData = (point: T) => series.some((entry) => {
    const value = entry.value(point);
    return value !== null && value !== 0;
  });
  const openColumn = (label: unknown) => {
    const point = pointAt(label);
    if (point !== undefined && hasData(point)) router.push(columnHref(point));
  };
  const { labelRef, onKeyDown } = useKeyboardOpen(openColumn);

  const zoom = (range: { startIndex?: number; endIndex?: number } | null) => {
    if (!range || range.startIndex === undefined || range.endIndex === undefined) return;
    if (range.startIndex === 0 && range.endIndex === points.length - 1) return;
    onZoom?.(range.startIndex, range.endIndex);
  };
  const onBrushKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' && event.target instanceof Element && event.target.closest('.recharts-brush-traveller')) {
      event.preventDefault();
      zoom(brushed);
    } else onKeyDown(event);
  };

  const toggle = (key: string) =>
    setHidden((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const rangeLabel = (index: number | undefined) => (index === undefined || !points[index] ? '' : columnLabel(points[index]!));
  const brushLabel = brushed
    ? `${title}: zoom to ${rangeLabel(brushed.startIndex)} – ${rangeLabel(brushed.endIndex)}. Arrow keys move this handle, Enter shows just that part.`
    : `${title}: zoom handle. Arrow keys move it, Enter shows just the buckets between the handles.`;

  return (
    <div className={styles.chart} data-chart-buckets={points.length} onKeyDown={onBrushKey}>
      <ComposedChart
        data={rows}
        responsive
        style={{ width: '100%', height: TIME_SERIES_HEIGHT }}
        margin={{ top: 8, right: right ? 0 : 8, bottom: 0, left: 0 }}
        barCategoryGap="12%"
        barGap={0}
        title={title}
        desc={description}
        aria-label={`${title}. Arrow keys move between buckets, Enter opens the runs behind one.`}
        cursor="pointer"
        onClick={(state, event: ReactMouseEvent) => {
          if (event.target instanceof Element && event.target.closest('.recharts-legend-wrapper, .recharts-brush')) return;
          openColumn(state.activeLabel);
        }}
      >
        <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="x" tickFormatter={(x: number) => (points[x] ? tick(points[x]!) : '')} minTickGap={24} {...AXIS} />
        <YAxis yAxisId="left" width={48} domain={[0, left.max ?? 'auto']} tickFormatter={left.format} {...AXIS} />
        {right ? <YAxis yAxisId="right" orientation="right" width={52} domain={[0, right.max ?? 'auto']} tickFormatter={right.format} {...AXIS} /> : null}
        <Tooltip
          isAnimationActive={false}
          cursor={{ fill: 'rgba(124, 183, 255, 0.08)' }}
          content={({ active, label }) =>
            active ? <SeriesTooltip point={pointAt(label)} title={pointAt(label) === undefined ? '' : columnLabel(pointAt(label)!)} series={series.filter((entry) => !hidden.has(entry.key))} /> : null
          }
        />
        <Legend verticalAlign="top" align="left" content={() => <SeriesLegend title={title} series={series} hidden={hidden} onToggle={toggle} />} />
        {series.map((entry) =>
          entry.kind === 'bar' ? (
            <Bar
              key={entry.key}
              dataKey={entry.key}
              name={entry.name}
              yAxisId={entry.axis ?? 'left'}
              stackId={entry.stack}
              fill={entry.color}
              hide={hidden.has(entry.key)}
              className={`series-${entry.key}`}
              minPointSize={(value) => (value ? MIN_BAR_PX : 0)}
              isAnimationActive={false}
              onClick={(item, _index, event) => {
                event.stopPropagation();
                const point = pointAt((item.payload as Row | undefined)?.x);
                if (point !== undefined) router.push((entry.href ?? columnHref)(point));
              }}
            />
          ) : (
            <Line
              key={entry.key}
              dataKey={entry.key}
              name={entry.name}
              yAxisId={entry.axis ?? 'left'}
              type="linear"
              stroke={entry.color}
              strokeWidth={2}
              strokeDasharray={entry.dashed ? '4 3' : undefined}
              className={`series-${entry.key}`}
              hide={hidden.has(entry.key)}
              connectNulls={false}
              dot={rows.filter((row) => row[entry.key] !== null).length <= MAX_DOTTED_VALUES ? { r: 2.5, fill: entry.color, strokeWidth: 0 } : false}
              activeDot={{ r: 4 }}
              isAnimationActive={false}
            />
          ),
        )}
        {onZoom && points.length > 2 ? (
          <Brush
            dataKey="x"
            height={22}
            travellerWidth={8}
            stroke="var(--accent)"
            fill="#13161c"
            tickFormatter={(x: number) => (points[x] ? tick(points[x]!) : '')}
            ariaLabel={brushLabel}
            onChange={(range) => setBrushed(range)}
            onDragEnd={zoom}
          />
        ) : null}
        <ActiveLabel into={labelRef} />
      </ComposedChart>
    </div>
  );
}
