'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInt, formatPercent } from '@/lib/telemetry/format';
import { summarizeStreaming } from '@/lib/telemetry/summary';
import type { StreamingPoint } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { axisProps, barLayoutProps, chartMargin, chartStyle, gridProps, legendProps, lineDots, SERIES, tooltipProps } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';

const TITLE = 'Streaming success ratio';

export function StreamingChart({ points, context }: { points: StreamingPoint[]; context: ChartContext }) {
  const totals = summarizeStreaming(points);
  return (
    <ChartPanel
      id="streaming"
      title={TITLE}
      summary={
        <>
          <strong>{formatPercent(totals.ratio)}</strong> streamed OK of {formatInt(totals.requested)} requested ·{' '}
          {formatInt(totals.fallbacks)} fallbacks · {formatInt(totals.midStreamFailures)} mid-stream failures
        </>
      }
      definition={
        <>
          Attempts that requested streaming. <em>Fallback</em>: streaming was requested but the call ran without it.{' '}
          <em>Mid-stream failure</em>: the call really streamed and then failed with a <code>network</code>,{' '}
          <code>server</code> or <code>overloaded</code> error. Ratio = streamed OK ÷ requested.
        </>
      }
      chart={
        <ComposedChart data={points} {...barLayoutProps} style={chartStyle} responsive margin={chartMargin} title={TITLE} desc="Stacked bars of streaming outcomes per bucket, with the success ratio as a line.">
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="bucket" tickFormatter={context.tick} minTickGap={28} {...axisProps} />
          <YAxis yAxisId="count" allowDecimals={false} width={40} {...axisProps} />
          <YAxis yAxisId="ratio" orientation="right" domain={[0, 1]} width={44} tickFormatter={(value: number) => `${Math.round(value * 100)}%`} {...axisProps} />
          <Tooltip
            {...tooltipProps}
            labelFormatter={(label) => context.bucketLabel(String(label))}
            formatter={(value, _name, item) => (item.dataKey === 'ratio' ? formatPercent(value as number | null) : formatInt(Number(value)))}
          />
          <Legend {...legendProps} />
          <Bar yAxisId="count" stackId="outcome" dataKey="streamedOk" name="Streamed OK" fill={SERIES.ok} cursor="pointer" isAnimationActive={false} onClick={(item) => context.openBucket(item.payload?.bucket)} />
          <Bar yAxisId="count" stackId="outcome" dataKey="fallbacks" name="Fallback" fill={SERIES.warn} cursor="pointer" isAnimationActive={false} onClick={(item) => context.openBucket(item.payload?.bucket)} />
          <Bar yAxisId="count" stackId="outcome" dataKey="midStreamFailures" name="Mid-stream failure" fill={SERIES.bad} cursor="pointer" isAnimationActive={false} onClick={(item) => context.openBucket(item.payload?.bucket, { hasErrors: true })} />
          <Bar yAxisId="count" stackId="outcome" dataKey="otherStreamErrors" name="Other error while streaming" fill={SERIES.orange} cursor="pointer" isAnimationActive={false} onClick={(item) => context.openBucket(item.payload?.bucket, { hasErrors: true })} />
          <Line yAxisId="ratio" dataKey="ratio" name="Success ratio" stroke={SERIES.accent} strokeWidth={2} dot={lineDots(points, (point) => point.ratio)} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      }
      table={
        <DataTable
          caption={`${TITLE} per bucket (buckets without streaming requests are left out)`}
          rows={points.filter((point) => point.requested > 0)}
          rowLabel={{ header: 'Bucket (UTC)', cell: (point) => context.rowLabel(point.bucket) }}
          rowHref={(point) => context.bucketHref(point.bucket)}
          columns={[
            { header: 'Requested', numeric: true, cell: (point) => formatInt(point.requested) },
            { header: 'Streamed', numeric: true, cell: (point) => formatInt(point.streamed) },
            { header: 'OK', numeric: true, cell: (point) => formatInt(point.streamedOk) },
            { header: 'Fallback', numeric: true, cell: (point) => formatInt(point.fallbacks) },
            { header: 'Mid-stream', numeric: true, cell: (point) => formatInt(point.midStreamFailures) },
            { header: 'Other error', numeric: true, cell: (point) => formatInt(point.otherStreamErrors) },
            { header: 'Ratio', numeric: true, cell: (point) => formatPercent(point.ratio) },
          ]}
        />
      }
    />
  );
}
