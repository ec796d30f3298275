'use client';

import { formatCompact, formatInt, formatPercent, formatUsd } from '@/lib/telemetry/format';
import { summarizeTokens } from '@/lib/telemetry/summary';
import type { TokensPoint } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { count, SERIES } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';
import { TimeSeriesChart } from '../TimeSeriesChart';

const TITLE = 'Tokens and cost';
/** A cost axis tick: "$0.25", "$1.50", "$7", "$40". */
const usdTick = (value: number) => `$${Number.isInteger(value) ? value : value.toFixed(2)}`;

export function TokensChart({ points, context }: { points: TokensPoint[]; context: ChartContext }) {
  const totals = summarizeTokens(points);
  return (
    <ChartPanel
      id="tokens"
      title={TITLE}
      summary={
        <>
          <strong>{formatUsd(totals.costUsd)}</strong> estimated
          {totals.providerCostUsd > 0 ? <> · {formatUsd(totals.providerCostUsd)} reported by providers</> : null}
          {totals.costDrift !== null ? (
            <span data-testid="cost-drift">
              {' '}
              · reported {totals.costDrift >= 0 ? '+' : '−'}
              {formatPercent(Math.abs(totals.costDrift))} vs our estimate where both exist
            </span>
          ) : null}
          {totals.unpricedCalls > 0 ? <> · {formatInt(totals.unpricedCalls)} attempts with no price</> : null} ·{' '}
          {formatCompact(totals.inputTokens)} in · {formatCompact(totals.outputTokens)} out · {formatCompact(totals.reasoningTokens)}{' '}
          reasoning · {formatInt(totals.calls)} attempts
        </>
      }
      definition={
        <>
          Token sums over all attempts; reasoning tokens are usually part of output tokens. <em>Estimated</em>: our price table (or the
          profile’s price) × the reported tokens; a model with no price adds nothing and is counted as “no price”. <em>Reported</em>: the
          cost the provider itself reported (OpenRouter). The drift compares the two over the attempts that have both.
        </>
      }
      chart={
        <TimeSeriesChart
          windowKey={context.windowKey}
          title={TITLE}
          description="Input, output and reasoning tokens per bucket as bars, estimated cost in US dollars as a line."
          points={points}
          columnLabel={(point) => context.bucketLabel(point.bucket)}
          tick={(point) => context.tick(point.bucket)}
          columnHref={(point) => context.bucketHref(point.bucket)}
          onZoom={(startIndex, endIndex) => context.zoom(points, startIndex, endIndex)}
          left={{ format: formatCompact }}
          right={{ format: usdTick }}
          series={[
            { key: 'inputTokens', name: 'Input', kind: 'bar', color: SERIES.accent, value: (point) => point.inputTokens, format: count },
            { key: 'outputTokens', name: 'Output', kind: 'bar', color: SERIES.teal, value: (point) => point.outputTokens, format: count },
            {
              key: 'reasoningTokens',
              name: 'Reasoning',
              kind: 'bar',
              color: SERIES.violet,
              value: (point) => point.reasoningTokens,
              format: count,
            },
            {
              key: 'costUsd',
              name: 'Cost (USD)',
              kind: 'line',
              axis: 'right',
              color: SERIES.orange,
              value: (point) => (point.calls ? point.costUsd : null),
              format: (value) => (value === null ? '–' : formatUsd(value)),
            },
          ]}
        />
      }
      table={
        <DataTable
          caption={`${TITLE} per bucket (buckets without attempts are left out)`}
          rows={points.filter((point) => point.calls > 0)}
          rowLabel={{ header: 'Bucket (UTC)', cell: (point) => context.rowLabel(point.bucket) }}
          rowHref={(point) => context.bucketHref(point.bucket)}
          columns={[
            { header: 'Attempts', numeric: true, cell: (point) => formatInt(point.calls) },
            { header: 'Input', numeric: true, cell: (point) => formatInt(point.inputTokens) },
            { header: 'Output', numeric: true, cell: (point) => formatInt(point.outputTokens) },
            { header: 'Reasoning', numeric: true, cell: (point) => formatInt(point.reasoningTokens) },
            { header: 'Estimated (USD)', numeric: true, cell: (point) => formatUsd(point.costUsd) },
            { header: 'Reported (USD)', numeric: true, cell: (point) => (point.providerCostUsd ? formatUsd(point.providerCostUsd) : '—') },
            { header: 'No price', numeric: true, cell: (point) => formatInt(point.unpricedCalls) },
          ]}
        />
      }
    />
  );
}
