'use client';

import { useQuery } from '@tanstack/react-query';
import styles from './AlertBadge.module.css';

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`GET /api/alerts answered ${status}`);
  }
}

async function fetchFiring(): Promise<{ firing: number }> {
  const response = await fetch('/api/alerts', { cache: 'no-store' });
  if (!response.ok) throw new HttpError(response.status);
  return response.json();
}

export function firingLabel(count: number): string {
  return `${count} alert${count === 1 ? '' : 's'} firing`;
}

/** The number of firing alerts, inside the nav's Alerts link; polled every 10 s. Nothing when none fire (or before sign-in). */
export function AlertBadge() {
  const { data } = useQuery({
    queryKey: ['alerts-firing'],
    queryFn: fetchFiring,
    retry: false,
    // Signed out (401, the sign-in page): ask less often; after sign-in the next poll shows the count.
    refetchInterval: (query) => (query.state.error instanceof HttpError && query.state.error.status === 401 ? 30_000 : 10_000),
  });
  const count = data?.firing ?? 0;
  if (!count) return null;
  const label = firingLabel(count);
  return (
    <span className={styles.badge} data-testid="alert-badge" title={label}>
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden"> ({label})</span>
    </span>
  );
}
