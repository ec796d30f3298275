'use client';

import Link from 'next/link';
import { cooldownBands } from '@/lib/telemetry/cooldowns';
import { formatDuration, formatInt, formatPercent, formatUtcTime } from '@/lib/telemetry/format';
import { summarizeQuota } from '@/lib/telemetry/summary';
import type { QuotaHeadroom, QuotaPoint, QuotaSeries } from '@/lib/telemetry/types';
import type { ChartContext, LinkExtra } from '../chart-context';
import type { ChartSeries } from '../chart-series';
import { count, percentTick, SERIES } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';
import { TimeSeriesChart } from '../TimeSeriesChart';

const TITLE = 'Quota headroom';
const RATE_LIMIT: LinkExtra = { hasErrors: true, errorKind: 'rate_limit' };
/** One colour per quota series; its forecast is the same colour, dashed. */
const PALETTE = [SERIES.accent, SERIES.teal, SERIES.orange, SERIES.violet, SERIES.pink, SERIES.ok];

const share = (pct: number | null | undefined) => (pct === null || pct === undefined ? null : pct / 100);

function forecastText(series: QuotaSeries): string {
  const forecast = series.forecast!;
  const left = Date.parse(forecast.exhaustsAt) - Date.parse(series.latest.at);
  const when = left <= 0 ? 'spent' : `runs out in ~${formatDuration(left)}, at ${formatUtcTime(forecast.exhaustsAt)}`;
  return `${series.label}: ${when} (−${forecast.pctPerMinute.toFixed(1)} points a minute)`;
}

export function QuotaHeadroomChart({ quota, context }: { quota: QuotaHeadroom; context: ChartContext }) {
  const totals = summarizeQuota(quota);
  const { points } = quota;
  const columnHref = (point: QuotaPoint) => (point.projected ? null : context.bucketHref(point.bucket));
  const series: ChartSeries<QuotaPoint>[] = [
    ...quota.series.map((entry, index) => ({
      key: `remaining${index}`,
      name: entry.label,
      kind: 'line' as const,
      color: PALETTE[index % PALETTE.length]!,
      connectNulls: true,
      value: (point: QuotaPoint) => share(point.remaining[entry.key]),
      format: formatPercent,
    })),
    ...quota.series.flatMap((entry, index) =>
      entry.forecast
        ? [
            {
              key: `forecast${index}`,
              name: `${entry.label} (forecast)`,
              kind: 'line' as const,
              dashed: true,
              connectNulls: true,
              color: PALETTE[index % PALETTE.length]!,
              value: (point: QuotaPoint) => share(point.forecast[entry.key]),
              format: formatPercent,
            },
          ]
        : [],
    ),
    {
      key: 'rateLimited429',
      name: '429 rate limit',
      kind: 'bar',
      axis: 'right',
      color: SERIES.warn,
      value: (point) => (point.projected ? null : point.rateLimited429),
      format: count,
      href: (point) => (point.projected ? null : context.bucketHref(point.bucket, RATE_LIMIT)),
    },
  ];
  const bands = cooldownBands(points).map((band) => ({ ...band, label: 'cooldown' }));
  const sampled = points.filter(
    (point) =>
      !point.projected &&
      (point.rateLimited429 > 0 || point.cooldownSeconds > 0 || Object.values(point.remaining).some((value) => value !== null)),
  );

  return (
    <ChartPanel
      id="quota"
      title={TITLE}
      summary={
        totals.lowest ? (
          <>
            <strong>{formatPercent(share(totals.lowest.latest.remainingPct))}</strong> left of {totals.lowest.label} (the least headroom) ·{' '}
            {formatInt(quota.series.length)} of {formatInt(quota.seriesInWindow)} quotas shown · {formatInt(totals.rateLimited429)} 429s ·{' '}
            {formatInt(totals.cooldowns)} cooldowns
            <br />
            <span data-testid="quota-forecast">
              {totals.soonest ? `Forecast: ${forecastText(totals.soonest)}` : 'Forecast: no quota is falling'}
            </span>
          </>
        ) : (
          <>No rate-limit headers in this window</>
        )
      }
      definition={
        <>
          What remains of each account’s rate limits, as its provider’s rate-limit headers said on each answer: one line per account (the
          key’s fingerprint, never the key), model and dimension (requests, tokens, input or output tokens), the lowest remaining % of each
          bucket. Dashed: the forecast at the rate it fell over its last five minutes. Bars: 429s; shaded: cooldowns (the retry-after the
          provider asked for). OpenRouter sends these headers only with its own 429s.
        </>
      }
      clickHint="Click a point or a column to open the runs behind it, a bar for the rate-limited runs; drag the handles under the time axis to zoom in."
      chart={
        quota.series.length === 0 ? (
          <p className="muted">No rate-limit headers in this window: quota headroom shows once a provider reports its limits.</p>
        ) : (
          <TimeSeriesChart
            windowKey={context.windowKey}
            title={TITLE}
            description="Remaining share of each account's rate limits per bucket, with forecasts, 429s and cooldowns."
            points={points}
            columnLabel={(point) => `${context.bucketLabel(point.bucket)}${point.projected ? ' (forecast)' : ''}`}
            tick={(point) => context.tick(point.bucket)}
            columnHref={columnHref}
            onZoom={(startIndex, endIndex) => context.zoom(points, startIndex, endIndex)}
            left={{ format: percentTick, max: 1 }}
            right={{ format: formatInt, integer: true }}
            bands={bands}
            series={series}
          />
        )
      }
      table={
        <>
          <DataTable
            caption={`${TITLE}: each account, model and dimension`}
            rows={quota.series}
            emptyText="No rate-limit headers in this window."
            rowLabel={{ header: 'Quota', cell: (entry) => entry.label }}
            rowHref={(entry) => context.windowHref({ provider: entry.provider, model: entry.model })}
            columns={[
              { header: 'Left now', numeric: true, cell: (entry) => formatPercent(share(entry.latest.remainingPct)) },
              {
                header: 'Remaining / limit',
                numeric: true,
                cell: (entry) => `${formatInt(entry.latest.remaining)} / ${formatInt(entry.latest.limit)}`,
              },
              { header: 'Lowest', numeric: true, cell: (entry) => formatPercent(share(entry.lowestPct)) },
              { header: 'Whole again', cell: (entry) => (entry.latest.resetAt ? formatUtcTime(entry.latest.resetAt) : '—') },
              { header: 'Forecast', cell: (entry) => (entry.forecast ? forecastText(entry).slice(entry.label.length + 2) : 'not falling') },
            ]}
          />
          <DataTable
            caption={`${TITLE} per bucket (buckets without samples, 429s or cooldowns are left out)`}
            rows={sampled}
            rowLabel={{ header: 'Bucket (UTC)', cell: (point) => context.rowLabel(point.bucket) }}
            rowHref={(point) => context.bucketHref(point.bucket)}
            columns={[
              ...quota.series.map((entry) => ({
                header: entry.label,
                numeric: true,
                cell: (point: QuotaPoint) => formatPercent(share(point.remaining[entry.key])),
              })),
              {
                header: '429s',
                numeric: true,
                cell: (point: QuotaPoint) =>
                  point.rateLimited429 > 0 ? (
                    <Link href={context.bucketHref(point.bucket, RATE_LIMIT)}>{formatInt(point.rateLimited429)}</Link>
                  ) : (
                    '0'
                  ),
              },
              {
                header: 'Cooldown',
                numeric: true,
                cell: (point: QuotaPoint) => (point.cooldownSeconds > 0 ? `${formatInt(Math.round(point.cooldownSeconds))} s` : '—'),
              },
            ]}
          />
        </>
      }
    />
  );
}
