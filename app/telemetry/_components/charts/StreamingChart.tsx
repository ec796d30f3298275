'use client';

import { formatInt, formatPercent } from '@/lib/telemetry/format';
import { summarizeStreaming } from '@/lib/telemetry/summary';
import type { ErrorKindCount, StreamingPoint } from '@/lib/telemetry/types';
import { BucketChartPanel } from '../BucketChartPanel';
import type { ChartContext, LinkExtra } from '../chart-context';
import { percentTick, SERIES } from '../chart-theme';
import { countBars, countColumn, fieldColumn, fieldLine } from '../point-fields';

const TITLE = 'Streaming success ratio';
const FAILED: LinkExtra = { hasErrors: true };
const REFUSED: LinkExtra = { errorKind: 'stream_unsupported' };

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
  const failedRuns = context.bucketRuns(FAILED);
  const refusedRuns = context.bucketRuns(REFUSED);
  const notStarted = notStartedByKind.map((entry) => `${entry.errorKind} ${formatInt(entry.count)}`).join(', ');
  return (
    <BucketChartPanel
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
      description="Stacked bars of streaming outcomes per bucket, with the success ratio as a line."
      context={context}
      points={points}
      left={{ format: formatInt, integer: true }}
      right={{ format: percentTick, max: 1 }}
      series={[
        countBars('streamedOk', 'Streamed OK', SERIES.ok, { stack: 'outcome' }),
        countBars('midStreamFailures', 'Mid-stream failure', SERIES.bad, { stack: 'outcome', href: failedRuns }),
        countBars('refused', 'Refused', SERIES.warn, { stack: 'outcome', href: refusedRuns }),
        countBars('notStarted', 'Not started (not counted)', SERIES.pink, { stack: 'beside', href: failedRuns }),
        fieldLine('ratio', 'Success ratio', SERIES.accent, formatPercent, { axis: 'right' }),
      ]}
      tableCaption={`${TITLE} per bucket (buckets without streaming requests are left out)`}
      tableRows={(point) => point.requested > 0}
      columns={[
        countColumn('Requested', 'requested'),
        countColumn('Counted', 'counted'),
        countColumn('Streamed OK', 'streamedOk'),
        countColumn('Mid-stream', 'midStreamFailures'),
        countColumn('Refused', 'refused'),
        countColumn('Not started', 'notStarted'),
        countColumn('Without streaming', 'fallbacks'),
        countColumn('Cancelled', 'cancelled'),
        fieldColumn('Ratio', 'ratio', formatPercent),
      ]}
    />
  );
}
