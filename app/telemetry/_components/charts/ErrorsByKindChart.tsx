'use client';

import { formatInt, formatPercent } from '@/lib/telemetry/format';
import { summarizeErrors } from '@/lib/telemetry/summary';
import type { ErrorKindCount } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { SERIES } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';
import { CategoryBarChart } from '../CategoryBarChart';

const TITLE = 'Errors by kind';

export function ErrorsByKindChart({ counts, cancelled, context }: { counts: ErrorKindCount[]; cancelled: number; context: ChartContext }) {
  const { failed } = summarizeErrors(counts);
  return (
    <ChartPanel
      id="errors"
      title={TITLE}
      summary={
        <>
          <strong>{formatInt(failed)}</strong> failed attempts over the window
          {cancelled > 0 ? <> · {formatInt(cancelled)} cancelled by a person (not errors)</> : null}
        </>
      }
      definition={
        <>Attempts that failed, by error kind, over the whole window. An attempt a person cancelled is not an error: it is counted apart.</>
      }
      clickHint="Click a bar to open the runs with that kind of error."
      chart={
        failed === 0 ? (
          <p className="muted">No failed attempts in this window.</p>
        ) : (
          <CategoryBarChart
            title={TITLE}
            description="Failed attempts per error kind over the window, largest first."
            bars={counts.map((entry) => ({
              label: entry.errorKind,
              value: entry.count,
              href: context.windowHref({ hasErrors: true, errorKind: entry.errorKind }),
            }))}
            format={(value) => `${formatInt(value)} (${formatPercent(value / failed)})`}
            color={SERIES.bad}
          />
        )
      }
      table={
        <DataTable
          caption={`${TITLE} over the window`}
          rows={counts}
          emptyText="No failed attempts in this window."
          rowLabel={{ header: 'Error kind', cell: (entry) => entry.errorKind }}
          rowHref={(entry) => context.windowHref({ hasErrors: true, errorKind: entry.errorKind })}
          columns={[
            { header: 'Failed attempts', numeric: true, cell: (entry) => formatInt(entry.count) },
            { header: 'Share', numeric: true, cell: (entry) => formatPercent(failed ? entry.count / failed : null) },
          ]}
        />
      }
    />
  );
}
