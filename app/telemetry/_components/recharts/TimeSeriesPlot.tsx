'use client';

import { useRouter } from 'next/navigation';
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { Bar, Brush, CartesianGrid, ComposedChart, Line, ReferenceArea, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { TIME_SERIES_PLOT_HEIGHT, type ChartAxis, type ChartBand, type ChartSeries } from '../chart-series';
import { SeriesTooltip } from './SeriesTooltip';
import { columnUnderPointer, XAxisInverse } from './column-under-pointer';
import { ActiveLabel, useKeyboardOpen } from './use-keyboard-open';
import styles from './charts.module.css';

/** Lines get dots only when they have few values, so a lone value between gaps stays visible. */
const MAX_DOTTED_VALUES = 48;
/** A bar with a value is at least this many pixels tall, so a small count stays visible and clickable. */
const minBarSize = (value: number | null | undefined) => (value ? 3 : 0);
const AXIS = { stroke: 'var(--panel-border)', tick: { fill: 'var(--muted)', fontSize: 11 }, tickLine: false } as const;
const CURSOR = { fill: 'rgba(124, 183, 255, 0.08)' };
/**
 * A bar as a plain <rect> (recharts' default shape builds a path for rounded corners these plots do
 * not use; a fifth less of the plots' drawing time). With a shape of its own recharts also hands
 * over the empty bars: they draw nothing.
 */
const barShape = ({ x, y, width, height, fill }: BarShapeProps) =>
  height ? <rect className="bar" x={x} y={y} width={width} height={height} fill={fill} /> : <></>;

/** A value axis on either side, from zero (or the axis' fixed top): the right one is a little wider. */
const valueAxis = (side: 'left' | 'right', axis: ChartAxis) => (
  <YAxis
    yAxisId={side}
    orientation={side}
    width={side === 'left' ? 48 : 52}
    domain={[0, axis.max ?? 'auto']}
    allowDecimals={!axis.integer}
    tickFormatter={axis.format}
    interval={0}
    {...AXIS}
  />
);

type Row = { x: number } & Record<string, number | null>;
type BrushRange = { startIndex?: number; endIndex?: number };

export type TimeSeriesPlotProps<T> = {
  title: string;
  description: string;
  points: readonly T[];
  series: ChartSeries<T>[];
  columnLabel: (point: T) => string;
  tick: (point: T) => string;
  /** The runs behind a column; null: none (a bucket after the window, drawn for a forecast). */
  columnHref: (point: T) => string | null;
  left: ChartAxis;
  right?: ChartAxis;
  /** Spans shaded behind the series (cooldowns). */
  bands?: readonly ChartBand[];
  /** Buckets `startIndex`…`endIndex` were picked with the brush: show just them. */
  onZoom?: (startIndex: number, endIndex: number) => void;
  /** Keys of the series the legend has hidden. */
  hidden: ReadonlySet<string>;
};

/**
 * The plot of a time-bucketed chart, drawn by recharts: bars, stacked bars and lines on a left and
 * an optional right axis, and a brush under the time axis that zooms the page into the buckets it
 * spans. A click on a bar opens the runs behind it (the series' own link if it has one), a click
 * elsewhere in a column the column's runs; the chart is one tab stop (recharts' accessibility
 * layer: arrow keys move between buckets) and Enter opens the runs of the bucket under the
 * tooltip. Runs in the browser only (ssr: false).
 */
export default function TimeSeriesPlot<T>(props: TimeSeriesPlotProps<T>) {
  const { title, description, points, series, right, hidden } = props;
  const bandsKey = JSON.stringify(props.bands ?? []);
  const router = useRouter();
  const [brushed, setBrushed] = useState<BrushRange | null>(null);
  // The parent re-renders with new (equal) functions; the chart reads them from here when it
  // needs them, so that it is drawn again only when what it shows changes (recharts re-derives
  // every bar when a prop of a series changes identity).
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const seriesKeys = series.map((entry) => `${entry.key}:${entry.kind}`).join();
  const { labelRef, onKeyDown } = useKeyboardOpen(openColumn);
  const invertRef = useRef<((pixel: number) => unknown) | undefined>(undefined);

  // One row per bucket: its index (the category axis) and each series' value under its key. New
  // rows are new data to recharts (the brush starts over), so they change only with the points.
  const rows = useMemo(
    () => points.map((point, x) => ({ x, ...Object.fromEntries(series.map((entry) => [entry.key, entry.value(point)])) }) as Row),
    // A series' value function is fixed by its key.
    [points, seriesKeys],
  );

  const chart = useMemo(() => {
    // This render's props draw the chart; handlers that run later read `latest`.
    const { series: shown, points: buckets, left, tick, columnLabel } = props;
    const pointAt = (label: unknown) => (typeof label === 'number' ? latest.current.points[label] : undefined);
    const timeLabel = (x: number) => (buckets[x] ? tick(buckets[x]!) : '');
    const rangeLabel = (index: number | undefined) => (index === undefined || !buckets[index] ? '' : columnLabel(buckets[index]!));
    const openBar = (entry: ChartSeries<T>, row: Row | undefined) => {
      const point = pointAt(row?.x);
      const href = point === undefined ? null : (entry.href ?? latest.current.columnHref)(point);
      if (href) router.push(href);
    };
    return (
      <ComposedChart
        data={rows}
        responsive
        // No width here: recharts would draw the chart once at a width parsed from it ('100%' → 100
        // px) before measuring its box; a block takes the full width anyway.
        style={{ height: TIME_SERIES_PLOT_HEIGHT }}
        margin={{ top: 8, right: right ? 0 : 8, bottom: 0, left: 0 }}
        barCategoryGap="12%"
        barGap={0}
        title={title}
        desc={description}
        aria-label={`${title}. Arrow keys move between buckets, Enter opens the runs behind one.`}
        cursor="pointer"
        onClick={(state, event: ReactMouseEvent) => {
          if (event.target instanceof Element && event.target.closest('.recharts-brush')) return;
          openColumn(columnUnderPointer(event, invertRef.current) ?? state.activeLabel);
        }}
      >
        <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
        {(props.bands ?? []).map((band) => (
          <ReferenceArea
            key={`${band.startIndex}-${band.endIndex}`}
            x1={band.startIndex}
            x2={band.endIndex}
            yAxisId="left"
            fill="var(--series-muted)"
            fillOpacity={0.18}
            stroke="none"
            className="band"
            label={{ value: band.label, position: 'insideTop', fill: 'var(--muted)', fontSize: 10 }}
            ifOverflow="hidden"
          />
        ))}
        <XAxis dataKey="x" tickFormatter={timeLabel} interval="equidistantPreserveStart" minTickGap={16} {...AXIS} />
        {valueAxis('left', left)}
        {right ? valueAxis('right', right) : null}
        <Tooltip
          isAnimationActive={false}
          cursor={CURSOR}
          content={({ active, label }) => {
            const point = active ? pointAt(label) : undefined;
            return point === undefined ? null : (
              <SeriesTooltip
                point={point}
                title={latest.current.columnLabel(point)}
                series={latest.current.series.filter((entry) => !hidden.has(entry.key))}
              />
            );
          }}
        />
        {shown.map((entry) =>
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
              minPointSize={minBarSize}
              shape={barShape}
              isAnimationActive={false}
              onClick={(item, _index, event) => {
                event.stopPropagation();
                openBar(entry, item.payload as Row | undefined);
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
              connectNulls={entry.connectNulls ?? false}
              dot={
                rows.filter((row) => row[entry.key] !== null).length <= MAX_DOTTED_VALUES
                  ? { r: 2.5, fill: entry.color, strokeWidth: 0, className: `dot-${entry.key}` }
                  : false
              }
              activeDot={{ r: 4 }}
              isAnimationActive={false}
            />
          ),
        )}
        {props.onZoom && rows.length > 2 ? (
          <Brush
            dataKey="x"
            height={22}
            travellerWidth={8}
            stroke="#5b6b88"
            fill="#13161c"
            tickFormatter={timeLabel}
            ariaLabel={
              brushed
                ? `${title}: zoom to ${rangeLabel(brushed.startIndex)} – ${rangeLabel(brushed.endIndex)}. Arrow keys move this handle, Enter shows just that part.`
                : `${title}: zoom handle. Arrow keys move it, Enter shows just the buckets between the handles.`
            }
            onChange={setBrushed}
            onDragEnd={zoom}
          />
        ) : null}
        <ActiveLabel into={labelRef} />
        <XAxisInverse into={invertRef} />
      </ComposedChart>
    );
    // Drawn again when its data, its series, the series shown or the brush change (see `latest`).
  }, [rows, hidden, brushed, title, description, right !== undefined, bandsKey]);

  function hasData(point: T) {
    return latest.current.series.some((entry) => {
      const value = entry.value(point);
      return value !== null && value !== 0;
    });
  }
  function openColumn(label: unknown) {
    const point = typeof label === 'number' ? latest.current.points[label] : undefined;
    const href = point !== undefined && hasData(point) ? latest.current.columnHref(point) : null;
    if (href) router.push(href);
  }
  function zoom(range: BrushRange | null) {
    const { points: buckets, onZoom } = latest.current;
    if (!range || range.startIndex === undefined || range.endIndex === undefined) return;
    if (range.startIndex === 0 && range.endIndex === buckets.length - 1) return;
    onZoom?.(range.startIndex, range.endIndex);
  }
  const onChartKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' && event.target instanceof Element && event.target.closest('.recharts-brush-traveller')) {
      event.preventDefault();
      zoom(brushed);
    } else onKeyDown(event);
  };

  return (
    <div className={styles.chart} data-chart-buckets={points.length} onKeyDown={onChartKey}>
      {chart}
    </div>
  );
}
