'use client';

import { formatInt, formatPercent } from '@/lib/telemetry/format';
import { summarizeStreaming } from '@/lib/telemetry/summary';
import type { StreamingPoint } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { count, percentTick, SERIES } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';
import { TimeSeriesChart } from '../TimeSeriesChart';

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
        <TimeSeriesChart
          windowKey={context.windowKey}
          title={TITLE}
          description="Stacked bars of streaming outcomes per bucket, with the success ratio as a line."
          points={points}
          columnLabel={(point) => context.bucketLabel(point.bucket)}
          tick={(point) => context.tick(point.bucket)}
          columnHref={(point) => context.bucketHref(point.bucket)}
          onZoom={(startIndex, endIndex) => context.zoom(points, startIndex, endIndex)}
          left={{ format: formatInt }}
          right={{ format: percentTick, max: 1 }}
          series={[
            { key: 'streamedOk', name: 'Streamed OK', kind: 'bar', stack: 'outcome', color: SERIES.ok, value: (point) => point.streamedOk, format: count },
            { key: 'fallbacks', name: 'Fallback', kind: 'bar', stack: 'outcome', color: SERIES.warn, value: (point) => point.fallbacks, format: count },
            { key: 'midStreamFailures', name: 'Mid-stream failure', kind: 'bar', stack: 'outcome', color: SERIES.bad, value: (point) => point.midStreamFailures, format: count, href: (point) => context.bucketHref(point.bucket, { hasErrors: true }) },
            { key: 'otherStreamErrors', name: 'Other error while streaming', kind: 'bar', stack: 'outcome', color: SERIES.pink, value: (point) => point.otherStreamErrors, format: count, href: (point) => context.bucketHref(point.bucket, { hasErrors: true }) },
            { key: 'ratio', name: 'Success ratio', kind: 'line', axis: 'right', color: SERIES.accent, value: (point) => point.ratio, format: formatPercent },
          ]}
        />
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
