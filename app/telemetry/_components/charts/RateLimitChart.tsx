'use client';

import Link from 'next/link';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInt } from '@/lib/telemetry/format';
import { summarizeRateLimits } from '@/lib/telemetry/summary';
import type { RateLimitPoint } from '@/lib/telemetry/types';
import type { ChartContext, LinkExtra } from '../chart-context';
import { axisProps, barLayoutProps, chartMargin, chartStyle, gridProps, legendProps, SERIES, tooltipProps } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';

const TITLE = 'Rate-limit incidents and retries';
const RATE_LIMIT: LinkExtra = { hasErrors: true, errorKind: 'rate_limit' };
const OVERLOADED: LinkExtra = { hasErrors: true, errorKind: 'overloaded' };
const RETRIES: LinkExtra = { hasErrors: true };

export function RateLimitChart({ points, context }: { points: RateLimitPoint[]; context: ChartContext }) {
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
        </>
      }
      definition={
        <>
          Failed attempts with error kind <code>rate_limit</code> (HTTP 429, including HTML “slow down” pages) and{' '}
          <code>overloaded</code> (Anthropic 529, OpenAI/OpenRouter 503). Retries are attempts after the first of a call.
        </>
      }
      chart={
        <BarChart data={points} {...barLayoutProps} style={chartStyle} responsive margin={chartMargin} title={TITLE} desc="Rate-limited and overloaded attempts per bucket (stacked) next to retries.">
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="bucket" tickFormatter={context.tick} minTickGap={28} {...axisProps} />
          <YAxis allowDecimals={false} width={40} {...axisProps} />
          <Tooltip {...tooltipProps} labelFormatter={(label) => context.bucketLabel(String(label))} formatter={(value) => formatInt(Number(value))} />
          <Legend {...legendProps} />
          <Bar stackId="incidents" dataKey="rateLimited429" name="429 rate limit" fill={SERIES.warn} cursor="pointer" isAnimationActive={false} onClick={(item) => context.openBucket(item.payload?.bucket, RATE_LIMIT)} />
          {showOther ? (
            <Bar stackId="incidents" dataKey="rateLimitedOther" name="Rate limit, other status" fill={SERIES.orange} cursor="pointer" isAnimationActive={false} onClick={(item) => context.openBucket(item.payload?.bucket, RATE_LIMIT)} />
          ) : null}
          <Bar stackId="incidents" dataKey="overloaded" name="529/503 overloaded" fill={SERIES.bad} cursor="pointer" isAnimationActive={false} onClick={(item) => context.openBucket(item.payload?.bucket, OVERLOADED)} />
          <Bar dataKey="retries" name="Retries" fill={SERIES.violet} cursor="pointer" isAnimationActive={false} onClick={(item) => context.openBucket(item.payload?.bucket, RETRIES)} />
        </BarChart>
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
