'use client';

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInt, formatPercent } from '@/lib/telemetry/format';
import { summarizeErrors } from '@/lib/telemetry/summary';
import type { ErrorKindCount } from '@/lib/telemetry/types';
import type { ChartContext } from '../chart-context';
import { axisProps, chartMargin, chartStyle, gridProps, SERIES, tooltipProps } from '../chart-theme';
import { ChartPanel } from '../ChartPanel';
import { DataTable } from '../DataTable';

const TITLE = 'Errors by kind';

export function ErrorsByKindChart({ counts, context }: { counts: ErrorKindCount[]; context: ChartContext }) {
  const { failed } = summarizeErrors(counts);
  return (
    <ChartPanel
      id="errors"
      title={TITLE}
      summary={
        <>
          <strong>{formatInt(failed)}</strong> failed attempts over the window
        </>
      }
      definition={<>Attempts with status error, by error kind, over the whole window.</>}
      clickHint="Click a bar to open the runs with that kind of error."
      chart={
        failed === 0 ? (
          <p className="muted">No failed attempts in this window.</p>
        ) : (
          <BarChart data={counts} style={chartStyle} responsive margin={chartMargin} title={TITLE} desc="Number of failed attempts per error kind over the window.">
            <CartesianGrid {...gridProps} />
            <XAxis dataKey="errorKind" interval={0} {...axisProps} />
            <YAxis allowDecimals={false} width={40} {...axisProps} />
            <Tooltip {...tooltipProps} formatter={(value) => formatInt(Number(value))} />
            <Bar
              dataKey="count"
              name="Failed attempts"
              fill={SERIES.bad}
              cursor="pointer"
              maxBarSize={64}
              isAnimationActive={false}
              onClick={(item) => context.openWindow({ hasErrors: true, errorKind: item.payload?.errorKind })}
            />
          </BarChart>
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
