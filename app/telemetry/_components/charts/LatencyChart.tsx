'use client';

import { formatInt, formatMs } from '@/lib/telemetry/format';
import type { LatencyPoint } from '@/lib/telemetry/types';
import { BucketChartPanel } from '../BucketChartPanel';
import type { ChartContext } from '../chart-context';
import { SERIES } from '../chart-theme';
import { countColumn, fieldColumn, fieldLine } from '../point-fields';

const TITLE = 'Latency and time to first token';

export function LatencyChart({ points, context }: { points: LatencyPoint[]; context: ChartContext }) {
  const okCalls = points.reduce((sum, point) => sum + point.okCalls, 0);
  return (
    <BucketChartPanel
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
      description="Latency and time-to-first-token percentiles in milliseconds per bucket."
      context={context}
      points={points}
      left={{ format: (value) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`) }}
      series={[
        fieldLine('latencyP50', 'Latency p50', SERIES.accent, formatMs),
        fieldLine('latencyP95', 'Latency p95', SERIES.violet, formatMs, { dashed: true }),
        fieldLine('ttftP50', 'TTFT p50', SERIES.teal, formatMs),
        fieldLine('ttftP95', 'TTFT p95', SERIES.orange, formatMs, { dashed: true }),
      ]}
      tableCaption={`${TITLE} per bucket, successful attempts (buckets without any are left out)`}
      tableRows={(point) => point.okCalls > 0}
      columns={[
        countColumn('OK attempts', 'okCalls'),
        fieldColumn('Latency p50', 'latencyP50', formatMs),
        fieldColumn('Latency p95', 'latencyP95', formatMs),
        fieldColumn('TTFT p50', 'ttftP50', formatMs),
        fieldColumn('TTFT p95', 'ttftP95', formatMs),
      ]}
    />
  );
}
