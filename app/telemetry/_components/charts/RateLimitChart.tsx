'use client';

import Link from 'next/link';
import { formatInt } from '@/lib/telemetry/format';
import { summarizeRateLimits } from '@/lib/telemetry/summary';
import type { CauseCount, RateLimitPoint } from '@/lib/telemetry/types';
import type { ChartContext, LinkExtra } from '../chart-context';
import { count, SERIES } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';
import { TimeSeriesChart } from '../TimeSeriesChart';

const TITLE = 'Rate-limit incidents and retries';
const RATE_LIMIT: LinkExtra = { hasErrors: true, errorKind: 'rate_limit' };
const OVERLOADED: LinkExtra = { hasErrors: true, errorKind: 'overloaded' };
const RETRIES: LinkExtra = { hasErrors: true };

const CAUSE_WORDS: Record<string, string> = {
  retry: 'retry',
  'stream-fallback': 'without streaming',
  'profile-fallback': 'fallback profile',
};

export function RateLimitChart({ points, causes, context }: { points: RateLimitPoint[]; causes: CauseCount[]; context: ChartContext }) {
  const totals = summarizeRateLimits(points);
  const showOther = totals.rateLimitedOther > 0;
  const countLink = (point: RateLimitPoint, value: number, extra: LinkExtra) =>
    value > 0 ? <Link href={context.bucketHref(point.bucket, extra)}>{formatInt(value)}</Link> : formatInt(value);
  return (
    <ChartPanel
      id="rate-limits"
      title={TITLE}
      summary={
        <>
          <strong>{formatInt(totals.rateLimited429 + totals.rateLimitedOther)}</strong> rate limited ·{' '}
          <strong>{formatInt(totals.overloaded)}</strong> overloaded · {formatInt(totals.retries)} retries
          {causes.length ? (
            <span data-testid="attempts-by-cause">
              {' '}
              · retries and fallbacks by reason:{' '}
              {causes.map((entry) => `${CAUSE_WORDS[entry.cause] ?? entry.cause} after ${entry.kind} ${formatInt(entry.count)}`).join(', ')}
            </span>
          ) : null}
        </>
      }
      definition={
        <>
          Failed attempts with error kind <code>rate_limit</code> (HTTP 429, including HTML “slow down” pages) and <code>overloaded</code>{' '}
          (Anthropic 529, OpenAI/OpenRouter 503). Retries are attempts after the first of a call.
        </>
      }
      chart={
        <TimeSeriesChart
          windowKey={context.windowKey}
          title={TITLE}
          description="Rate-limited and overloaded attempts per bucket (stacked) next to retries."
          points={points}
          columnLabel={(point) => context.bucketLabel(point.bucket)}
          tick={(point) => context.tick(point.bucket)}
          columnHref={(point) => context.bucketHref(point.bucket, RETRIES)}
          onZoom={(startIndex, endIndex) => context.zoom(points, startIndex, endIndex)}
          left={{ format: formatInt }}
          series={[
            {
              key: 'rateLimited429',
              name: '429 rate limit',
              kind: 'bar',
              stack: 'incidents',
              color: SERIES.warn,
              value: (point) => point.rateLimited429,
              format: count,
              href: (point) => context.bucketHref(point.bucket, RATE_LIMIT),
            },
            ...(showOther
              ? [
                  {
                    key: 'rateLimitedOther',
                    name: 'Rate limit, other status',
                    kind: 'bar',
                    stack: 'incidents',
                    color: SERIES.pink,
                    value: (point: RateLimitPoint) => point.rateLimitedOther,
                    format: count,
                    href: (point: RateLimitPoint) => context.bucketHref(point.bucket, RATE_LIMIT),
                  } as const,
                ]
              : []),
            {
              key: 'overloaded',
              name: '529/503 overloaded',
              kind: 'bar',
              stack: 'incidents',
              color: SERIES.bad,
              value: (point) => point.overloaded,
              format: count,
              href: (point) => context.bucketHref(point.bucket, OVERLOADED),
            },
            {
              key: 'retries',
              name: 'Retries',
              kind: 'bar',
              color: SERIES.violet,
              value: (point) => point.retries,
              format: count,
              href: (point) => context.bucketHref(point.bucket, RETRIES),
            },
          ]}
        />
      }
      table={
        <DataTable
          caption={`${TITLE} per bucket (buckets without incidents or retries are left out)`}
          rows={points.filter((point) => point.rateLimited429 + point.rateLimitedOther + point.overloaded + point.retries > 0)}
          rowLabel={{ header: 'Bucket (UTC)', cell: (point) => context.rowLabel(point.bucket) }}
          rowHref={(point) => context.bucketHref(point.bucket, RETRIES)}
          columns={[
            { header: '429 rate limit', numeric: true, cell: (point) => countLink(point, point.rateLimited429, RATE_LIMIT) },
            { header: 'Rate limit, other status', numeric: true, cell: (point) => countLink(point, point.rateLimitedOther, RATE_LIMIT) },
            { header: 'Overloaded', numeric: true, cell: (point) => countLink(point, point.overloaded, OVERLOADED) },
            { header: 'Retries', numeric: true, cell: (point) => formatInt(point.retries) },
          ]}
        />
      }
    />
  );
}
