'use client';

import { formatInt, formatMs } from '@/lib/telemetry/format';
import type { LatencyPoint } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { SERIES } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';
import { TimeSeriesChart } from '../TimeSeriesChart';

const TITLE = 'Latency and time to first token';

export function LatencyChart({ points, context }: { points: LatencyPoint[]; context: ChartContext }) {
  const okCalls = points.reduce((sum, point) => sum + point.okCalls, 0);
  return (
    <ChartPanel
      id="latency"
      title={TITLE}
      summary={
        <>
          p50 / p95 over <strong>{formatInt(okCalls)}</strong> successful attempts
        </>
      }
      definition={
        <>
          Percentiles (Postgres <code>percentile_cont</code>) of latency and TTFT over attempts with status ok, per bucket.
        </>
      }
      clickHint="Click a point (or anywhere in its column) to open the runs behind it; drag the handles under the time axis to zoom in."
      chart={
        <TimeSeriesChart
          windowKey={context.windowKey}
          title={TITLE}
          description="Latency and time-to-first-token percentiles in milliseconds per bucket."
          points={points}
          columnLabel={(point) => context.bucketLabel(point.bucket)}
          tick={(point) => context.tick(point.bucket)}
          columnHref={(point) => context.bucketHref(point.bucket)}
          onZoom={(startIndex, endIndex) => context.zoom(points, startIndex, endIndex)}
          left={{ format: (value) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`) }}
          series={[
            {
              key: 'latencyP50',
              name: 'Latency p50',
              kind: 'line',
              color: SERIES.accent,
              value: (point) => point.latencyP50,
              format: formatMs,
            },
            {
              key: 'latencyP95',
              name: 'Latency p95',
              kind: 'line',
              color: SERIES.violet,
              dashed: true,
              value: (point) => point.latencyP95,
              format: formatMs,
            },
            { key: 'ttftP50', name: 'TTFT p50', kind: 'line', color: SERIES.teal, value: (point) => point.ttftP50, format: formatMs },
            {
              key: 'ttftP95',
              name: 'TTFT p95',
              kind: 'line',
              color: SERIES.orange,
              dashed: true,
              value: (point) => point.ttftP95,
              format: formatMs,
            },
          ]}
        />
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
