'use client';

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInt, formatMs } from '@/lib/telemetry/format';
import type { LatencyPoint } from '@/lib/telemetry/types';
import { bucketAtIndex, type ChartContext } from '../chart-context';
import { axisProps, chartMargin, chartStyle, gridProps, legendProps, lineDots, SERIES, tooltipProps } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';

const TITLE = 'Latency and time to first token';

export function LatencyChart({ points, context }: { points: LatencyPoint[]; context: ChartContext }) {
  const okCalls = points.reduce((sum, point) => sum + point.okCalls, 0);
  const line = { strokeWidth: 2, dot: lineDots(points, (point) => point.latencyP50), connectNulls: false, isAnimationActive: false } as const;
  return (
    <ChartPanel
      id="latency"
      title={TITLE}
      summary={
        <>
          p50 / p95 over <strong>{formatInt(okCalls)}</strong> successful attempts
        </>
      }
      definition={<>Percentiles (Postgres <code>percentile_cont</code>) of latency and TTFT over attempts with status ok, per bucket.</>}
      clickHint="Click a point (or anywhere in its column) to open the runs behind it."
      chart={
        <LineChart
          data={points}
          style={chartStyle}
          responsive
          margin={chartMargin}
          title={TITLE}
          desc="Latency and time-to-first-token percentiles in milliseconds per bucket."
          cursor="pointer"
          onClick={(state) => context.openBucket(bucketAtIndex(points, state.activeTooltipIndex))}
        >
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="bucket" tickFormatter={context.tick} minTickGap={28} {...axisProps} />
          <YAxis width={52} tickFormatter={(value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`)} {...axisProps} />
          <Tooltip {...tooltipProps} cursor={{ stroke: 'var(--muted)' }} labelFormatter={(label) => context.bucketLabel(String(label))} formatter={(value) => formatMs(value as number | null)} />
          <Legend {...legendProps} />
          <Line dataKey="latencyP50" name="Latency p50" stroke={SERIES.accent} {...line} />
          <Line dataKey="latencyP95" name="Latency p95" stroke={SERIES.violet} strokeDasharray="4 3" {...line} />
          <Line dataKey="ttftP50" name="TTFT p50" stroke={SERIES.teal} {...line} />
          <Line dataKey="ttftP95" name="TTFT p95" stroke={SERIES.orange} strokeDasharray="4 3" {...line} />
        </LineChart>
      }
      table={
        <DataTable
          caption={`${TITLE} per bucket, successful attempts (buckets without any are left out)`}
          rows={points.filter((point) => point.okCalls > 0)}
          rowLabel={{ header: 'Bucket (UTC)', cell: (point) => context.rowLabel(point.bucket) }}
          rowHref={(point) => context.bucketHref(point.bucket)}
          columns={[
            { header: 'OK attempts', numeric: true, cell: (point) => formatInt(point.okCalls) },
            { header: 'Latency p50', numeric: true, cell: (point) => formatMs(point.latencyP50) },
            { header: 'Latency p95', numeric: true, cell: (point) => formatMs(point.latencyP95) },
            { header: 'TTFT p50', numeric: true, cell: (point) => formatMs(point.ttftP50) },
            { header: 'TTFT p95', numeric: true, cell: (point) => formatMs(point.ttftP95) },
          ]}
        />
      }
    />
  );
}
