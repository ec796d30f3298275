'use client';
// What every chart needs besides its series: the window (for ticks and labels) and the links to
// the runs behind a point.
import { useCallback, useMemo } from 'react';
import { formatBucketRange, formatTick } from '@/lib/telemetry/format';
import { bucketRunsHref, runsHref } from '@/lib/telemetry/runs-link';
import type { TelemetryData } from '@/lib/telemetry/types';
import { zoomWindow } from '@/lib/telemetry/zoom';
import type { ChartWindow } from './chart-series';

/** Narrows a link: to failed calls or a kind of error, or to a provider and model of its own (a quota series). */
export type LinkExtra = { hasErrors?: boolean; errorKind?: string; provider?: string; model?: string };

export type ChartContext = {
  tick: (iso: string) => string;
  /** A bucket for tooltips: date, time range and UTC. */
  bucketLabel: (iso: string) => string;
  /** A bucket as a table row header: the time range, with the date when the window spans days. */
  rowLabel: (iso: string) => string;
  bucketHref: (iso: string, extra?: LinkExtra) => string;
  /** `bucketHref` of a point's bucket, as a function of the point (a series' or a column's link). */
  bucketRuns: (extra?: LinkExtra) => (point: { bucket: string }) => string;
  windowHref: (extra?: LinkExtra) => string;
  /**
   * Names the window: a new one draws the plots from scratch (their brushes span all of it again);
   * the same relative window, refreshed every 30 s, keeps them with a person's tooltip and focus.
   */
  windowKey: string;
  /** Shows just buckets `startIndex`…`endIndex` of a chart (a brush picked them). */
  zoom: (points: ReadonlyArray<{ bucket: string }>, startIndex: number, endIndex: number) => void;
};

export function useChartContext(data: TelemetryData, showWindow: (window: ChartWindow) => void): ChartContext {
  const { from, to, bucketSeconds, kind } = data.window;
  const windowKey = kind === 'custom' ? `${from}/${to}` : kind;
  const { provider, model } = data.filters;
  const span = (Date.parse(to) - Date.parse(from)) / 1000;

  const bucketHref = useCallback(
    (iso: string, extra: LinkExtra = {}) => bucketRunsHref(iso, { bucketSeconds, from, to, provider, model }, extra),
    [bucketSeconds, from, to, provider, model],
  );
  const windowHref = useCallback(
    (extra: LinkExtra = {}) => runsHref({ from, to, ...(provider ? { provider } : {}), ...(model ? { model } : {}), ...extra }),
    [from, to, provider, model],
  );

  const zoom = useCallback(
    (points: ReadonlyArray<{ bucket: string }>, startIndex: number, endIndex: number) => {
      const window = zoomWindow(
        points.map((point) => point.bucket),
        startIndex,
        endIndex,
        { from, to, bucketSeconds },
      );
      if (window) showWindow(window);
    },
    [from, to, bucketSeconds, showWindow],
  );

  return useMemo(
    () => ({
      tick: (iso: string) => formatTick(iso, span, bucketSeconds),
      bucketLabel: (iso: string) => `${formatBucketRange(iso, bucketSeconds)} UTC`,
      rowLabel: (iso: string) => formatBucketRange(iso, bucketSeconds, span < 86_400 ? 'time' : 'short'),
      bucketHref,
      bucketRuns: (extra?: LinkExtra) => (point: { bucket: string }) => bucketHref(point.bucket, extra),
      windowHref,
      windowKey,
      zoom,
    }),
    [span, bucketSeconds, bucketHref, windowHref, windowKey, zoom],
  );
}
