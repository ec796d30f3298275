'use client';

import { useRouter } from 'next/navigation';
import { Bar, BarChart, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
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

const MIN_BAR_PX = 3;
const AXIS = { stroke: 'var(--panel-border)', tick: { fill: 'var(--muted)', fontSize: 11 }, tickLine: false } as const;

/**
 * One horizontal bar per category (errors by kind), drawn by recharts: a click on a bar, or Enter
 * on the bar under the tooltip (arrow keys move it), opens the runs behind it.
 */
export default function CategoryBarRecharts({ title, description, bars, format, color }: CategoryBarChartProps) {
  const router = useRouter();
  const open = (label: unknown) => {
    const bar = bars.find((entry) => entry.label === label);
    if (bar) router.push(bar.href);
  };
  const { labelRef, onKeyDown } = useKeyboardOpen(open);
  return (
    <div className={styles.chart} data-chart-categories={bars.length} onKeyDown={onKeyDown} style={{ height: '100%' }}>
      <BarChart
        data={bars}
        layout="vertical"
        responsive
        style={{ width: '100%', height: '100%' }}
        margin={{ top: 4, right: 96, bottom: 0, left: 0 }}
        barCategoryGap="18%"
        title={title}
        desc={description}
        aria-label={`${title}. Arrow keys move between kinds, Enter opens the runs with one.`}
        cursor="pointer"
        onClick={(state) => open(state.activeLabel)}
      >
        <XAxis type="number" allowDecimals={false} tickFormatter={(value: number) => format(value)} {...AXIS} />
        <YAxis type="category" dataKey="label" width={132} {...AXIS} tick={{ ...AXIS.tick, fontFamily: 'var(--mono)' }} />
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
        <Bar dataKey="value" name={title} fill={color} minPointSize={(value) => (value ? MIN_BAR_PX : 0)} isAnimationActive={false} className="series-categories">
          <LabelList dataKey="value" position="right" formatter={(value) => format(Number(value))} fill="var(--text)" fontSize={12} />
        </Bar>
        <ActiveLabel into={labelRef} />
      </BarChart>
    </div>
  );
}
