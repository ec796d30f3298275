'use client';

import Link from 'next/link';
import { formatInt } from '@/lib/telemetry/format';
import { summarizeRateLimits } from '@/lib/telemetry/summary';
import type { CauseCount, RateLimitPoint } from '@/lib/telemetry/types';
import { BucketChartPanel } from '../BucketChartPanel';
import type { ChartContext, LinkExtra } from '../chart-context';
import { SERIES } from '../chart-theme';
import { countBars, countColumn } from '../point-fields';

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
  const rateLimitedRuns = context.bucketRuns(RATE_LIMIT);
  const overloadedRuns = context.bucketRuns(OVERLOADED);
  const retriedRuns = context.bucketRuns(RETRIES);
  const countLink = (point: RateLimitPoint, value: number, extra: LinkExtra) =>
    value > 0 ? <Link href={context.bucketHref(point.bucket, extra)}>{formatInt(value)}</Link> : formatInt(value);
  return (
    <BucketChartPanel
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
      description="Rate-limited and overloaded attempts per bucket (stacked) next to retries."
      context={context}
      points={points}
      runsLink={RETRIES}
      left={{ format: formatInt, integer: true }}
      series={[
        countBars('rateLimited429', '429 rate limit', SERIES.warn, { stack: 'incidents', href: rateLimitedRuns }),
        ...(showOther
          ? [countBars('rateLimitedOther', 'Rate limit, other status', SERIES.pink, { stack: 'incidents', href: rateLimitedRuns })]
          : []),
        countBars('overloaded', '529/503 overloaded', SERIES.bad, { stack: 'incidents', href: overloadedRuns }),
        countBars('retries', 'Retries', SERIES.violet, { href: retriedRuns }),
      ]}
      tableCaption={`${TITLE} per bucket (buckets without incidents or retries are left out)`}
      tableRows={(point) => point.rateLimited429 + point.rateLimitedOther + point.overloaded + point.retries > 0}
      columns={[
        { header: '429 rate limit', numeric: true, cell: (point) => countLink(point, point.rateLimited429, RATE_LIMIT) },
        { header: 'Rate limit, other status', numeric: true, cell: (point) => countLink(point, point.rateLimitedOther, RATE_LIMIT) },
        { header: 'Overloaded', numeric: true, cell: (point) => countLink(point, point.overloaded, OVERLOADED) },
        countColumn('Retries', 'retries'),
      ]}
    />
  );
}
