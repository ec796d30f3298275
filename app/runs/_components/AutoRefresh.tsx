'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-renders the list every few seconds while it shows queued or running runs (first page only). */
export function AutoRefresh({ active, intervalMs = 3000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return active ? <span className="muted">Updating while runs are active</span> : null;
}
