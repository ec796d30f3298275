'use client';

import { formatInt, formatPercent } from '@/lib/telemetry/format';
import { summarizeStreaming } from '@/lib/telemetry/summary';
import type { ErrorKindCount, StreamingPoint } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { count, percentTick, SERIES } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';
import { TimeSeriesChart } from '../TimeSeriesChart';

const TITLE = 'Streaming success ratio';

export function StreamingChart({
  points,
  notStartedByKind,
  context,
}: {
  points: StreamingPoint[];
  notStartedByKind: ErrorKindCount[];
  context: ChartContext;
}) {
  const totals = summarizeStreaming(points);
  const notStarted = notStartedByKind.map((entry) => `${entry.errorKind} ${formatInt(entry.count)}`).join(', ');
  return (
    <ChartPanel
      id="streaming"
      title={TITLE}
      summary={
        <>
          <strong>{formatPercent(totals.ratio)}</strong> streamed OK of {formatInt(totals.counted)} streams begun or refused ·{' '}
          {formatInt(totals.midStreamFailures)} mid-stream failures · {formatInt(totals.refused)} refused ·{' '}
          <span data-testid="stream-not-started">
            {formatInt(totals.notStarted)} not started{notStarted ? ` (${notStarted})` : ''}
          </span>{' '}
          · {formatInt(totals.fallbacks)} without streaming · {formatInt(totals.cancelled)} cancelled
        </>
      }
      definition={
        <>
          An attempt counts toward streaming health when the provider began a stream (HTTP 2xx) or refused streaming itself.{' '}
          <em>Mid-stream failure</em>: the stream began, then broke (cut, timed out, an error inside it). <em>Refused</em>: the provider
          refused to stream. <em>Not started</em>: failed before any stream began (rate limit, overload, auth, no connection); not a
          streaming failure. <em>Without streaming</em>: the non-streaming fallback after a refusal. A cancel by a person is neither. Ratio
          = streamed OK ÷ (streamed OK + mid-stream failures + refused).
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
            {
              key: 'streamedOk',
              name: 'Streamed OK',
              kind: 'bar',
              stack: 'outcome',
              color: SERIES.ok,
              value: (point) => point.streamedOk,
              format: count,
            },
            {
              key: 'midStreamFailures',
              name: 'Mid-stream failure',
              kind: 'bar',
              stack: 'outcome',
              color: SERIES.bad,
              value: (point) => point.midStreamFailures,
              format: count,
              href: (point) => context.bucketHref(point.bucket, { hasErrors: true }),
            },
            {
              key: 'refused',
              name: 'Refused',
              kind: 'bar',
              stack: 'outcome',
              color: SERIES.warn,
              value: (point) => point.refused,
              format: count,
              href: (point) => context.bucketHref(point.bucket, { errorKind: 'stream_unsupported' }),
            },
            {
              key: 'notStarted',
              name: 'Not started (not counted)',
              kind: 'bar',
              stack: 'beside',
              color: SERIES.pink,
              value: (point) => point.notStarted,
              format: count,
              href: (point) => context.bucketHref(point.bucket, { hasErrors: true }),
            },
            {
              key: 'ratio',
              name: 'Success ratio',
              kind: 'line',
              axis: 'right',
              color: SERIES.accent,
              value: (point) => point.ratio,
              format: formatPercent,
            },
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
            { header: 'Counted', numeric: true, cell: (point) => formatInt(point.counted) },
            { header: 'Streamed OK', numeric: true, cell: (point) => formatInt(point.streamedOk) },
            { header: 'Mid-stream', numeric: true, cell: (point) => formatInt(point.midStreamFailures) },
            { header: 'Refused', numeric: true, cell: (point) => formatInt(point.refused) },
            { header: 'Not started', numeric: true, cell: (point) => formatInt(point.notStarted) },
            { header: 'Without streaming', numeric: true, cell: (point) => formatInt(point.fallbacks) },
            { header: 'Cancelled', numeric: true, cell: (point) => formatInt(point.cancelled) },
            { header: 'Ratio', numeric: true, cell: (point) => formatPercent(point.ratio) },
          ]}
        />
      }
    />
  );
}
