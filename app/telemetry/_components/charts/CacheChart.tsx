'use client';

import { formatCompact, formatInt, formatPercent } from '@/lib/telemetry/format';
import { summarizeCache } from '@/lib/telemetry/summary';
import type { CachePoint } from '@/lib/telemetry/types';
import { BucketChartPanel } from '../BucketChartPanel';
import type { ChartContext } from '../chart-context';
import { percentTick, SERIES } from '../chart-theme';
import { countBars, countColumn, fieldColumn, fieldLine } from '../point-fields';

const TITLE = 'Cache hit ratio and cached tokens';

export function CacheChart({ points, context }: { points: CachePoint[]; context: ChartContext }) {
  const totals = summarizeCache(points);
  return (
    <BucketChartPanel
      id="cache"
      title={TITLE}
      summary={
        <>
          <strong>{formatPercent(totals.hitRatio)}</strong> hit ratio · {formatCompact(totals.cacheReadTokens)} read ·{' '}
          {formatCompact(totals.cacheWriteTokens)} written of {formatCompact(totals.inputTokens)} input tokens
          {totals.cacheNotReported > 0 ? (
            <span data-testid="cache-not-reported">
              {' '}
              · {formatInt(totals.cacheNotReported)} attempts did not report cache use (left out of the ratio)
            </span>
          ) : null}
        </>
      }
      definition={
        <>
          Hit ratio = cache-read tokens ÷ input tokens, over the attempts whose provider reported its cache reads. A count a provider did
          not report is not 0: those attempts are left out and counted as not reported.
        </>
      }
      description="Cache read and write tokens per bucket, with the hit ratio as a line."
      context={context}
      points={points}
      left={{ format: formatCompact }}
      right={{ format: percentTick, max: 1 }}
      series={[
        countBars('cacheReadTokens', 'Cache read tokens', SERIES.teal),
        countBars('cacheWriteTokens', 'Cache write tokens', SERIES.violet),
        fieldLine('hitRatio', 'Hit ratio', SERIES.accent, formatPercent, { axis: 'right' }),
      ]}
      tableCaption={`${TITLE} per bucket (buckets without tokens are left out)`}
      tableRows={(point) => point.inputTokens + point.cacheWriteTokens > 0}
      columns={[
        countColumn('Input tokens', 'inputTokens'),
        countColumn('Cache read', 'cacheReadTokens'),
        countColumn('Cache write', 'cacheWriteTokens'),
        fieldColumn('Hit ratio', 'hitRatio', formatPercent),
      ]}
    />
  );
}
