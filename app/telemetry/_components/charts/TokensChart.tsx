'use client';

import { formatCompact, formatInt, formatPercent, formatUsd } from '@/lib/telemetry/format';
import { summarizeTokens } from '@/lib/telemetry/summary';
import type { TokensPoint } from '@/lib/telemetry/types';
import { BucketChartPanel } from '../BucketChartPanel';
import type { ChartContext } from '../chart-context';
import { SERIES } from '../chart-theme';
import { countBars, countColumn, fieldColumn } from '../point-fields';

const TITLE = 'Tokens and cost';
/** A cost axis tick: "$0.25", "$1.50", "$7", "$40". */
const usdTick = (value: number) => `$${Number.isInteger(value) ? value : value.toFixed(2)}`;

export function TokensChart({ points, context }: { points: TokensPoint[]; context: ChartContext }) {
  const totals = summarizeTokens(points);
  return (
    <BucketChartPanel
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
      description="Input, output and reasoning tokens per bucket as bars, estimated cost in US dollars as a line."
      context={context}
      points={points}
      left={{ format: formatCompact }}
      right={{ format: usdTick }}
      series={[
        countBars('inputTokens', 'Input', SERIES.accent),
        countBars('outputTokens', 'Output', SERIES.teal),
        countBars('reasoningTokens', 'Reasoning', SERIES.violet),
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
      tableCaption={`${TITLE} per bucket (buckets without attempts are left out)`}
      tableRows={(point) => point.calls > 0}
      columns={[
        countColumn('Attempts', 'calls'),
        countColumn('Input', 'inputTokens'),
        countColumn('Output', 'outputTokens'),
        countColumn('Reasoning', 'reasoningTokens'),
        fieldColumn('Estimated (USD)', 'costUsd', formatUsd),
        { header: 'Reported (USD)', numeric: true, cell: (point) => (point.providerCostUsd ? formatUsd(point.providerCostUsd) : '—') },
        countColumn('No price', 'unpricedCalls'),
      ]}
    />
  );
}
