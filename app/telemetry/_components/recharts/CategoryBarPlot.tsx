'use client';

import { useRouter } from 'next/navigation';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { Bar, BarChart, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInt } from '@/lib/telemetry/format';
import { ActiveLabel, useKeyboardOpen } from './use-keyboard-open';
import styles from './charts.module.css';

export type CategoryBar = { label: string; value: number; href: string };

export type CategoryBarChartProps = {
  title: string;
  description: string;
  bars: CategoryBar[];
  /** A bar's value as its label and tooltip say it. */
  format: (value: number) => string;
  color: string;
};

/** A bar with a value is at least this many pixels long, so a small count stays visible and clickable. */
const minBarSize = (value: number | null | undefined) => (value ? 3 : 0);
const AXIS = { stroke: 'var(--panel-border)', tick: { fill: 'var(--muted)', fontSize: 11 }, tickLine: false } as const;

/**
 * One horizontal bar per category (errors by kind), drawn by recharts: a click on a bar or beside
 * it, or Enter on the bar under the tooltip (arrow keys move it), opens the runs behind it.
 */
export default function CategoryBarPlot(props: CategoryBarChartProps) {
  const { title, description, bars, format, color } = props;
  const router = useRouter();
  // As in TimeSeriesPlot: drawn again only when the bars change, not on every parent render.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const open = (label: unknown) => {
    const bar = latest.current.bars.find((entry) => entry.label === label);
    if (bar) router.push(bar.href);
  };
  const { labelRef, onKeyDown } = useKeyboardOpen(open);
  const signature = bars.map((bar) => `${bar.label} ${bar.value} ${bar.href}`).join('\n');
  const chart = useMemo(
    () => (
      <BarChart
        data={bars}
        layout="vertical"
        responsive
        style={{ height: '100%' }}
        // Room on the right for the longest bar's label ("1,365 (53.0%)") on one line.
        margin={{ top: 4, right: 112, bottom: 0, left: 0 }}
        barCategoryGap="18%"
        title={title}
        desc={description}
        aria-label={`${title}. Arrow keys move between kinds, Enter opens the runs with one.`}
        cursor="pointer"
        // A click beside a bar opens the bar under the pointer (as the tooltip shows it).
        onClick={(state) => open(state.activeLabel)}
      >
        <XAxis type="number" allowDecimals={false} tickFormatter={formatInt} {...AXIS} />
        <YAxis type="category" dataKey="label" width={132} interval={0} {...AXIS} tick={{ ...AXIS.tick, fontFamily: 'var(--mono)' }} />
        <Tooltip
          isAnimationActive={false}
          cursor={{ fill: 'rgba(124, 183, 255, 0.08)' }}
          content={({ active, payload }) => {
            const bar = active ? (payload?.[0]?.payload as CategoryBar | undefined) : undefined;
            return bar ? (
              <div className={styles.tooltip} data-testid="chart-tooltip">
                <div className={styles.tooltipTitle}>{bar.label}</div>
                <div>{format(bar.value)}</div>
              </div>
            ) : null;
          }}
        />
        <Bar
          dataKey="value"
          name={title}
          fill={color}
          minPointSize={minBarSize}
          isAnimationActive={false}
          className="series-categories"
          onClick={(item, _index, event) => {
            event.stopPropagation();
            open((item.payload as CategoryBar | undefined)?.label);
          }}
        >
          <LabelList dataKey="value" position="right" formatter={(value) => format(Number(value))} fill="var(--text)" fontSize={12} />
        </Bar>
        <ActiveLabel into={labelRef} />
      </BarChart>
    ),
    // Drawn again when the bars (by their signature) or the chart's words change.
    [signature, title, description, color],
  );
  return (
    <div className={styles.chart} data-chart-categories={bars.length} onKeyDown={onKeyDown} style={{ height: '100%' }}>
      {chart}
    </div>
  );
}
