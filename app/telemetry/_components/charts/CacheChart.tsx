'use client';

import { formatCompact, formatInt, formatPercent } from '@/lib/telemetry/format';
import { summarizeCache } from '@/lib/telemetry/summary';
import type { CachePoint } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { count, percentTick, SERIES } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';
import { TimeSeriesChart } from '../TimeSeriesChart';

const TITLE = 'Cache hit ratio and cached tokens';

export function CacheChart({ points, context }: { points: CachePoint[]; context: ChartContext }) {
  const totals = summarizeCache(points);
  return (
    <ChartPanel
      id="cache"
      title={TITLE}
      summary={
        <>
          <strong>{formatPercent(totals.hitRatio)}</strong> hit ratio · {formatCompact(totals.cacheReadTokens)} read ·{' '}
          {formatCompact(totals.cacheWriteTokens)} written of {formatCompact(totals.inputTokens)} input tokens
          {totals.cacheNotReported > 0 ? (
            <span data-testid="cache-not-reported">
              {' '}
              · {formatInt(totals.cacheNotReported)} attempts did not report cache use (left out of the ratio)
            </span>
          ) : null}
        </>
      }
      definition={
        <>
          Hit ratio = cache-read tokens ÷ input tokens, over the attempts whose provider reported its cache reads. A count a provider did
          not report is not 0: those attempts are left out and counted as not reported.
        </>
      }
      chart={
        <TimeSeriesChart
          windowKey={context.windowKey}
          title={TITLE}
          description="Cache read and write tokens per bucket, with the hit ratio as a line."
          points={points}
          columnLabel={(point) => context.bucketLabel(point.bucket)}
          tick={(point) => context.tick(point.bucket)}
          columnHref={(point) => context.bucketHref(point.bucket)}
          onZoom={(startIndex, endIndex) => context.zoom(points, startIndex, endIndex)}
          left={{ format: formatCompact }}
          right={{ format: percentTick, max: 1 }}
          series={[
            {
              key: 'cacheReadTokens',
              name: 'Cache read tokens',
              kind: 'bar',
              color: SERIES.teal,
              value: (point) => point.cacheReadTokens,
              format: count,
            },
            {
              key: 'cacheWriteTokens',
              name: 'Cache write tokens',
              kind: 'bar',
              color: SERIES.violet,
              value: (point) => point.cacheWriteTokens,
              format: count,
            },
            {
              key: 'hitRatio',
              name: 'Hit ratio',
              kind: 'line',
              axis: 'right',
              color: SERIES.accent,
              value: (point) => point.hitRatio,
              format: formatPercent,
            },
          ]}
        />
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
