'use client';

import type { ComponentProps } from 'react';
import type { ChartContext, LinkExtra } from './chart-context';
import type { ChartAxis, ChartSeries } from './chart-series';
import { ChartPanel } from './ChartPanel';
import { DataTable, type Column } from './DataTable';
import { TimeSeriesChart } from './TimeSeriesChart';

type BucketChartPanelProps<T extends { bucket: string }> = Omit<ComponentProps<typeof ChartPanel>, 'chart' | 'table'> & {
  context: ChartContext;
  /** One per bucket of the window. */
  points: T[];
  /** What the plot shows, for screen readers. */
  description: string;
  left: ChartAxis;
  right?: ChartAxis;
  series: ChartSeries<T>[];
  /** Narrows the runs a column and a table row link to (all of the bucket's runs otherwise). */
  runsLink?: LinkExtra;
  tableCaption: string;
  /** The buckets the table lists: those with something to show. */
  tableRows: (point: T) => boolean;
  columns: ReadonlyArray<Column<T>>;
};

/**
 * A chart panel over the window's buckets: the time-series plot of `series`, and the table of the
 * same buckets; a column of the plot and a row of the table both open the bucket's runs.
 */
export function BucketChartPanel<T extends { bucket: string }>({
  context,
  points,
  description,
  left,
  right,
  series,
  runsLink,
  tableCaption,
  tableRows,
  columns,
  ...panel
}: BucketChartPanelProps<T>) {
  const bucketRuns = context.bucketRuns(runsLink);
  return (
    <ChartPanel
      {...panel}
      chart={
        <TimeSeriesChart
          windowKey={context.windowKey}
          title={panel.title}
          description={description}
          points={points}
          columnLabel={(point) => context.bucketLabel(point.bucket)}
          tick={(point) => context.tick(point.bucket)}
          columnHref={bucketRuns}
          onZoom={(startIndex, endIndex) => context.zoom(points, startIndex, endIndex)}
          left={left}
          right={right}
          series={series}
        />
      }
      table={
        <DataTable
          caption={tableCaption}
          rows={points.filter(tableRows)}
          rowLabel={{ header: 'Bucket (UTC)', cell: (point) => context.rowLabel(point.bucket) }}
          rowHref={bucketRuns}
          columns={columns}
        />
      }
    />
  );
}
