'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatInt, formatUsd } from '@/lib/telemetry/format';
import { summarizeTokens } from '@/lib/telemetry/summary';
import type { TokensPoint } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { axisProps, barLayoutProps, chartMargin, chartStyle, gridProps, legendProps, lineDots, SERIES, tooltipProps } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';

const TITLE = 'Tokens and cost';

export function TokensChart({ points, context }: { points: TokensPoint[]; context: ChartContext }) {
  const totals = summarizeTokens(points);
  const open = (item: { payload?: TokensPoint }) => context.openBucket(item.payload?.bucket);
  return (
    <ChartPanel
      id="tokens"
      title={TITLE}
      summary={
        <>
          <strong>{formatUsd(totals.costUsd)}</strong> estimated · {formatCompact(totals.inputTokens)} in ·{' '}
          {formatCompact(totals.outputTokens)} out · {formatCompact(totals.reasoningTokens)} reasoning · {formatInt(totals.calls)} attempts
        </>
      }
      definition={<>Token sums over all attempts; reasoning tokens are usually part of output tokens. Cost is the estimate recorded per attempt.</>}
      chart={
        <ComposedChart data={points} {...barLayoutProps} style={chartStyle} responsive margin={chartMargin} title={TITLE} desc="Input, output and reasoning tokens per bucket as bars, estimated cost in US dollars as a line.">
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="bucket" tickFormatter={context.tick} minTickGap={28} {...axisProps} />
          <YAxis yAxisId="tokens" width={44} tickFormatter={(value: number) => formatCompact(value)} {...axisProps} />
          <YAxis yAxisId="cost" orientation="right" width={56} tickFormatter={(value: number) => formatUsd(value)} {...axisProps} />
          <Tooltip
            {...tooltipProps}
            labelFormatter={(label) => context.bucketLabel(String(label))}
            formatter={(value, _name, item) => (item.dataKey === 'costUsd' ? formatUsd(Number(value)) : formatInt(Number(value)))}
          />
          <Legend {...legendProps} />
          <Bar yAxisId="tokens" dataKey="inputTokens" name="Input" fill={SERIES.accent} cursor="pointer" isAnimationActive={false} onClick={open} />
          <Bar yAxisId="tokens" dataKey="outputTokens" name="Output" fill={SERIES.teal} cursor="pointer" isAnimationActive={false} onClick={open} />
          <Bar yAxisId="tokens" dataKey="reasoningTokens" name="Reasoning" fill={SERIES.violet} cursor="pointer" isAnimationActive={false} onClick={open} />
          <Line yAxisId="cost" dataKey="costUsd" name="Cost (USD)" stroke={SERIES.orange} strokeWidth={2} dot={lineDots(points, (point) => (point.calls ? point.costUsd : null))} isAnimationActive={false} />
        </ComposedChart>
      }
      table={
        <DataTable
          caption={`${TITLE} per bucket (buckets without attempts are left out)`}
          rows={points.filter((point) => point.calls > 0)}
          rowLabel={{ header: 'Bucket (UTC)', cell: (point) => context.rowLabel(point.bucket) }}
          rowHref={(point) => context.bucketHref(point.bucket)}
          columns={[
            { header: 'Attempts', numeric: true, cell: (point) => formatInt(point.calls) },
            { header: 'Input', numeric: true, cell: (point) => formatInt(point.inputTokens) },
            { header: 'Output', numeric: true, cell: (point) => formatInt(point.outputTokens) },
            { header: 'Reasoning', numeric: true, cell: (point) => formatInt(point.reasoningTokens) },
            { header: 'Cost (USD)', numeric: true, cell: (point) => formatUsd(point.costUsd) },
          ]}
        />
      }
    />
  );
}
