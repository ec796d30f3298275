'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { labelEvery, linePath, linearScale, niceTicks, round } from '@/lib/telemetry/chart-scale';
import styles from './TimeSeriesChart.module.css';

export type ChartSeries<T> = {
  key: string;
  name: string;
  color: string;
  kind: 'bar' | 'line';
  /** Bars with the same stack are stacked in one slot; other bars get a slot each. */
  stack?: string;
  axis?: 'left' | 'right';
  dashed?: boolean;
  value: (point: T) => number | null;
  format: (value: number | null) => string;
  /** Where a click on this series' bar leads (the column's runs otherwise). */
  href?: (point: T) => string;
};

export type ChartAxis = { format: (value: number) => string; /** A fixed top (e.g. 1 for ratios). */ max?: number };

const WIDTH = 680;
const HEIGHT = 220;
const TOP = 10;
const BOTTOM = 24;
const LEFT = 48;
const LABEL_WIDTH = 72;
/** Lines get dots only when they have few values, so a lone value between gaps stays visible. */
const MAX_DOTTED_VALUES = 48;

function axisTicks(values: number[], axis: ChartAxis): number[] {
  if (axis.max !== undefined) return niceTicks(axis.max);
  return niceTicks(Math.max(0, ...values));
}

/**
 * A time-bucketed chart drawn as plain SVG (rendered on the server, no chart library): bars,
 * stacked bars and lines on a left and an optional right axis. Each column and bar is a link to
 * the runs behind it; the chart is one tab stop, and the arrow keys move between columns.
 */
export function TimeSeriesChart<T>({
  title,
  description,
  points,
  series,
  columnLabel,
  tick,
  columnHref,
  left,
  right,
}: {
  title: string;
  description: string;
  points: readonly T[];
  series: ChartSeries<T>[];
  columnLabel: (point: T) => string;
  tick: (point: T) => string;
  columnHref: (point: T) => string;
  left: ChartAxis;
  right?: ChartAxis;
}) {
  const router = useRouter();
  const descriptionId = useId();
  const [active, setActive] = useState<number | null>(null);
  const rightMargin = right ? 52 : 10;
  const plotWidth = WIDTH - LEFT - rightMargin;
  const bottom = HEIGHT - BOTTOM;
  const columns = Math.max(points.length, 1);
  const columnWidth = plotWidth / columns;
  const columnX = (index: number) => LEFT + index * columnWidth;
  const centerX = (index: number) => columnX(index) + columnWidth / 2;

  const bars = series.filter((entry) => entry.kind === 'bar');
  const slots = [...new Set(bars.map((entry) => entry.stack ?? entry.key))];
  const slotWidth = (columnWidth * 0.84) / Math.max(slots.length, 1);
  const onAxis = (side: 'left' | 'right') => series.filter((entry) => (entry.axis ?? 'left') === side);
  const extent = (side: 'left' | 'right') =>
    points.flatMap((point) => {
      const totals = new Map<string, number>();
      const lines: number[] = [];
      for (const entry of onAxis(side)) {
        const value = entry.value(point) ?? 0;
        if (entry.kind === 'bar') totals.set(entry.stack ?? entry.key, (totals.get(entry.stack ?? entry.key) ?? 0) + value);
        else lines.push(value);
      }
      return [...totals.values(), ...lines];
    });
  const leftTicks = axisTicks(extent('left'), left);
  const rightTicks = right ? axisTicks(extent('right'), right) : [];
  const yLeft = linearScale(leftTicks[leftTicks.length - 1]!, bottom, TOP);
  const yRight = right ? linearScale(rightTicks[rightTicks.length - 1]!, bottom, TOP) : yLeft;
  const yOf = (entry: ChartSeries<T>) => ((entry.axis ?? 'left') === 'right' ? yRight : yLeft);
  const every = labelEvery(columnWidth, LABEL_WIDTH);
  const hasData = (point: T) => series.some((entry) => {
    const value = entry.value(point);
    return value !== null && value !== 0;
  });

  const columnAt = (event: MouseEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * WIDTH;
    const index = Math.floor((x - LEFT) / columnWidth);
    return index >= 0 && index < points.length ? index : null;
  };
  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    if (!points.length) return;
    const current = active ?? 0;
    const moves: Record<string, number> = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: points.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      setActive(Math.max(0, Math.min(points.length - 1, moves[event.key]!)));
    } else if (event.key === 'Enter' && active !== null && hasData(points[active]!)) {
      event.preventDefault();
      router.push(columnHref(points[active]!));
    }
  };

  const activePoint = active === null ? undefined : points[active];
  const tooltipLeft = active === null ? 0 : (centerX(active) / WIDTH) * 100;

  return (
    <div className={styles.chart}>
      <div className={styles.plot}>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          className={styles.svg}
          role="group"
          aria-roledescription="chart"
          aria-label={`${title}. Arrow keys move between buckets, Enter opens the runs behind one.`}
          aria-describedby={descriptionId}
          tabIndex={0}
          data-chart-columns={points.length}
          onMouseMove={(event) => setActive(columnAt(event))}
          onMouseLeave={() => setActive(null)}
          onFocus={() => setActive((current) => current ?? (points.length ? points.length - 1 : null))}
          onBlur={() => setActive(null)}
          onKeyDown={onKeyDown}
        >
          <desc id={descriptionId}>{description}</desc>
          {leftTicks.map((value) => (
            <g key={`l${value}`}>
              <line x1={LEFT} x2={WIDTH - rightMargin} y1={round(yLeft(value))} y2={round(yLeft(value))} className={styles.grid} />
              <text x={LEFT - 6} y={round(yLeft(value)) + 3.5} textAnchor="end" className={styles.axisLabel}>
                {left.format(value)}
              </text>
            </g>
          ))}
          {rightTicks.map((value) => (
            <text key={`r${value}`} x={WIDTH - rightMargin + 6} y={round(yRight(value)) + 3.5} className={styles.axisLabel}>
              {right!.format(value)}
            </text>
          ))}
          <line x1={LEFT} x2={WIDTH - rightMargin} y1={bottom} y2={bottom} className={styles.baseline} />
          {active !== null ? <rect x={round(columnX(active))} y={TOP} width={round(columnWidth)} height={bottom - TOP} className={styles.cursor} /> : null}
          {points.map((point, index) => {
            const stacked = new Map<string, number>();
            // Only a bucket with something in it links to its runs (an empty one has none).
            return (
              <g key={index} data-column={index}>
                {hasData(point) ? (
                  <a href={columnHref(point)} tabIndex={-1} aria-label={`${columnLabel(point)}: ${series.map((entry) => `${entry.name} ${entry.format(entry.value(point))}`).join(', ')}`}>
                    <rect x={round(columnX(index))} y={TOP} width={round(columnWidth)} height={bottom - TOP} className={styles.hit} />
                  </a>
                ) : null}
                {bars.map((entry) => {
                  const value = entry.value(point);
                  if (!value || value <= 0) return null;
                  const slot = entry.stack ?? entry.key;
                  const base = stacked.get(slot) ?? 0;
                  stacked.set(slot, base + value);
                  const y = yOf(entry);
                  const top = y(base + value);
                  const height = Math.max(y(base) - top, 1);
                  const x = columnX(index) + columnWidth * 0.08 + slots.indexOf(slot) * slotWidth;
                  return (
                    <a key={entry.key} href={(entry.href ?? columnHref)(point)} tabIndex={-1} data-series={entry.key} aria-label={`${columnLabel(point)}: ${entry.name} ${entry.format(value)}`}>
                      <rect x={round(x)} y={round(top)} width={round(Math.max(slotWidth - 0.5, 0.8))} height={round(height)} fill={entry.color} />
                    </a>
                  );
                })}
              </g>
            );
          })}
          {series
            .filter((entry) => entry.kind === 'line')
            .map((entry) => {
              const values = points.map((point) => entry.value(point));
              const present = values.filter((value) => value !== null).length;
              const y = yOf(entry);
              return (
                <g key={entry.key} data-series={entry.key} className={styles.line}>
                  <path d={linePath(values, centerX, y)} stroke={entry.color} strokeDasharray={entry.dashed ? '4 3' : undefined} />
                  {present <= MAX_DOTTED_VALUES
                    ? values.map((value, index) => (value === null ? null : <circle key={index} cx={round(centerX(index))} cy={round(y(value))} r={2.5} fill={entry.color} />))
                    : null}
                </g>
              );
            })}
          {points.map((point, index) =>
            index % every === 0 ? (
              <text key={`x${index}`} x={round(centerX(index))} y={HEIGHT - 7} textAnchor="middle" className={styles.axisLabel}>
                {tick(point)}
              </text>
            ) : null,
          )}
        </svg>
        {activePoint !== undefined ? (
          <div className={styles.tooltip} style={tooltipLeft > 60 ? { right: `${100 - tooltipLeft + 2}%` } : { left: `${tooltipLeft + 2}%` }} aria-hidden="true" data-testid="chart-tooltip">
            <div className={styles.tooltipTitle}>{columnLabel(activePoint)}</div>
            {series.map((entry) => (
              <div key={entry.key} className={styles.tooltipRow}>
                <span className={styles.swatch} style={{ background: entry.color }} />
                <span>{entry.name}</span>
                <span className={styles.tooltipValue}>{entry.format(entry.value(activePoint))}</span>
              </div>
            ))}
          </div>
        ) : null}
      </div>
      <ul className={styles.legend} aria-label={`${title}: series`}>
        {series.map((entry) => (
          <li key={entry.key}>
            <span
              className={entry.kind === 'bar' ? styles.swatch : styles.lineSwatch}
              style={entry.kind === 'bar' ? { background: entry.color } : { borderTopColor: entry.color, borderTopStyle: entry.dashed ? 'dashed' : 'solid' }}
            />
            {entry.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
