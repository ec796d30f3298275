'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { formatBucketWidth, formatUtc } from '@/lib/telemetry/format';
import { summarizeTokens } from '@/lib/telemetry/summary';
import type { TelemetryData } from '@/lib/telemetry/types';
import { readTelemetrySearch, searchToQueryString, type TelemetrySearch } from '@/lib/telemetry/window';
import { useChartContext } from './chart-context';
import type { ChartWindow } from './chart-series';
import { CacheChart } from './charts/CacheChart';
import { ErrorsByKindChart } from './charts/ErrorsByKindChart';
import { LatencyChart } from './charts/LatencyChart';
import { QuotaHeadroomChart } from './charts/QuotaHeadroomChart';
import { RateLimitChart } from './charts/RateLimitChart';
import { StreamingChart } from './charts/StreamingChart';
import { TokensChart } from './charts/TokensChart';
import { EmptyState } from './EmptyState';
import { TelemetryControls } from './TelemetryControls';
import styles from './TelemetryDashboard.module.css';

const REFRESH_MS = 30_000;

async function fetchTelemetry(queryString: string, signal: AbortSignal): Promise<TelemetryData> {
  const response = await fetch(`/api/telemetry?${queryString}`, { cache: 'no-store', signal });
  const body = (await response.json().catch(() => null)) as (TelemetryData & { error?: string }) | null;
  if (!response.ok || !body) throw new Error(body?.error ?? `GET /api/telemetry answered ${response.status}`);
  return body;
}

/**
 * The telemetry page below its heading: window and filter controls (kept in the URL), and the
 * charts, refetched through GET /api/telemetry when the URL changes and every 30 s.
 */
export function TelemetryDashboard({ initialData, initialSearch }: { initialData: TelemetryData; initialSearch: TelemetrySearch }) {
  const searchParams = useSearchParams();
  const urlSearch = useMemo(
    () => readTelemetrySearch(new URLSearchParams(searchParams?.toString() ?? '')) ?? initialSearch,
    [searchParams, initialSearch],
  );
  // The controls change `search` at once and the URL follows; when the URL changes (the push
  // landing, back/forward), `search` follows it.
  const [search, setSearch] = useState(urlSearch);
  const [syncedUrl, setSyncedUrl] = useState(() => searchToQueryString(urlSearch));
  const urlQueryString = searchToQueryString(urlSearch);
  if (urlQueryString !== syncedUrl) {
    setSyncedUrl(urlQueryString);
    setSearch(urlSearch);
  }
  const queryString = searchToQueryString(search);
  const initialQueryString = searchToQueryString(initialSearch);

  const query = useQuery({
    queryKey: ['telemetry', queryString],
    queryFn: ({ signal }) => fetchTelemetry(queryString, signal),
    initialData: queryString === initialQueryString ? initialData : undefined,
    initialDataUpdatedAt: Date.parse(initialData.generatedAt),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const data = query.data ?? initialData;

  const navigate = useCallback((next: TelemetrySearch) => {
    const nextQueryString = searchToQueryString(next);
    setSearch(next);
    // Native history updates keep useSearchParams in sync without a server round trip; the
    // query above refetches for the new key.
    window.history.pushState(null, '', `?${nextQueryString}`);
  }, []);
  const showWindow = useCallback(
    (picked: ChartWindow) => navigate({ ...search, window: 'custom', from: picked.from, to: picked.to }),
    [navigate, search],
  );
  const context = useChartContext(data, showWindow);

  // Marks the page interactive (the e2e tests wait for it before using the controls).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // The server never fetches, the browser may start at once: showing it only after hydration
  // keeps the first client render identical to the HTML.
  const busy = hydrated && query.isFetching;

  const filters = [
    data.filters.provider && `provider ${data.filters.provider}`,
    data.filters.model && `model ${data.filters.model}`,
  ].filter(Boolean);

  return (
    <div className={styles.dashboard} data-hydrated={hydrated || undefined}>
      <TelemetryControls
        search={search}
        resolved={data.window}
        options={data.options}
        onChange={navigate}
        status={{ isFetching: busy, updatedAt: query.dataUpdatedAt || Date.parse(data.generatedAt), refresh: () => void query.refetch() }}
      />

      <p className={styles.windowLine} data-testid="telemetry-window">
        {formatUtc(data.window.from)} → {formatUtc(data.window.to)} · {formatBucketWidth(data.window.bucketSeconds)} buckets
        {filters.length ? ` · ${filters.join(' · ')}` : ''}
        {query.isPlaceholderData ? <span className={styles.stale}> · loading the new window…</span> : null}
      </p>

      {query.error ? (
        <p role="alert" className="error-text">
          Could not load telemetry: {query.error.message}
        </p>
      ) : null}

      {data.totals.calls === 0 ? (
        <EmptyState data={data} />
      ) : (
        <div className={styles.grid} aria-busy={busy}>
          <StreamingChart points={data.streaming} notStartedByKind={data.streamNotStartedByKind} context={context} />
          <RateLimitChart points={data.rateLimits} causes={data.attemptsByCause} context={context} />
          <CacheChart points={data.cache} context={context} />
          <LatencyChart points={data.latency} context={context} />
          <TokensChart points={data.tokens} context={context} />
          <ErrorsByKindChart counts={data.errorsByKind} cancelled={summarizeTokens(data.tokens).cancelledCalls} context={context} />
          <QuotaHeadroomChart quota={data.quota} context={context} />
        </div>
      )}
    </div>
  );
}
