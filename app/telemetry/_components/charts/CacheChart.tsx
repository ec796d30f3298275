'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatInt, formatPercent } from '@/lib/telemetry/format';
import { summarizeCache } from '@/lib/telemetry/summary';
import type { CachePoint } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { axisProps, barLayoutProps, chartMargin, chartStyle, gridProps, legendProps, lineDots, SERIES, tooltipProps } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';

const TITLE = 'Cache hit ratio and cached tokens';

export function CacheChart({ points, context }: { points: CachePoint[]; context: ChartContext }) {
  const totals = summarizeCache(points);
  const open = (item: { payload?: CachePoint }) => context.openBucket(item.payload?.bucket);
  return (
    <ChartPanel
      id="cache"
      title={TITLE}
      summary={
        <>
          <strong>{formatPercent(totals.hitRatio)}</strong> hit ratio · {formatCompact(totals.cacheReadTokens)} read ·{' '}
          {formatCompact(totals.cacheWriteTokens)} written of {formatCompact(totals.inputTokens)} input tokens
        </>
      }
      definition={<>Hit ratio = cache-read tokens ÷ input tokens, summed over all attempts in the bucket.</>}
      chart={
        <ComposedChart data={points} {...barLayoutProps} style={chartStyle} responsive margin={chartMargin} title={TITLE} desc="Cache read and write tokens per bucket, with the hit ratio as a line.">
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="bucket" tickFormatter={context.tick} minTickGap={28} {...axisProps} />
          <YAxis yAxisId="tokens" width={44} tickFormatter={(value: number) => formatCompact(value)} {...axisProps} />
          <YAxis yAxisId="ratio" orientation="right" domain={[0, 1]} width={44} tickFormatter={(value: number) => `${Math.round(value * 100)}%`} {...axisProps} />
          <Tooltip
            {...tooltipProps}
            labelFormatter={(label) => context.bucketLabel(String(label))}
            formatter={(value, _name, item) => (item.dataKey === 'hitRatio' ? formatPercent(value as number | null) : formatInt(Number(value)))}
          />
          <Legend {...legendProps} />
          <Bar yAxisId="tokens" dataKey="cacheReadTokens" name="Cache read tokens" fill={SERIES.teal} cursor="pointer" isAnimationActive={false} onClick={open} />
          <Bar yAxisId="tokens" dataKey="cacheWriteTokens" name="Cache write tokens" fill={SERIES.violet} cursor="pointer" isAnimationActive={false} onClick={open} />
          <Line yAxisId="ratio" dataKey="hitRatio" name="Hit ratio" stroke={SERIES.accent} strokeWidth={2} dot={lineDots(points, (point) => point.hitRatio)} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      }
      table={
        <DataTable
          caption={`${TITLE} per bucket (buckets without tokens are left out)`}
          rows={points.filter((point) => point.inputTokens + point.cacheWriteTokens > 0)}
          rowLabel={{ header: 'Bucket (UTC)', cell: (point) => context.rowLabel(point.bucket) }}
          rowHref={(point) => context.bucketHref(point.bucket)}
          columns={[
            { header: 'Input tokens', numeric: true, cell: (point) => formatInt(point.inputTokens) },
            { header: 'Cache read', numeric: true, cell: (point) => formatInt(point.cacheReadTokens) },
            { header: 'Cache write', numeric: true, cell: (point) => formatInt(point.cacheWriteTokens) },
            { header: 'Hit ratio', numeric: true, cell: (point) => formatPercent(point.hitRatio) },
          ]}
        />
      }
    />
  );
}
