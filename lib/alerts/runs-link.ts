// The runs behind an incident: the runs list filtered to the incident's window and scope (the same
// call-window filters the telemetry charts link with), narrowed to the calls the metric counts.
import { runsHref } from '@/lib/telemetry/runs-link';
import type { AlertMetric } from './metrics';

export type IncidentEvidence = {
  metric: AlertMetric;
  provider: string | null;
  model: string | null;
  windowFrom: Date | string;
  windowTo: Date | string;
};

/** A rate-limit incident's calls by kind, in its window and scope (`incident-evidence.ts`). */
export type RateLimitBreakdown = { rateLimited: number; overloaded: number };

export type RunsLink = { label: string; href: string; /** The calls of that kind in the window, when known. */ calls?: number };

function baseFilters(evidence: IncidentEvidence) {
  return {
    from: evidence.windowFrom,
    // The window is [from, to) on startedAt; the runs list's `to` is exclusive too.
    to: evidence.windowTo,
    ...(evidence.provider ? { provider: evidence.provider } : {}),
    ...(evidence.provider && evidence.model ? { model: evidence.model } : {}),
  };
}

/** A rate-limit incident's two kinds apart: 429 / slow-down pages, and 529 / 503 overloads. */
export function rateLimitKindLinks(evidence: IncidentEvidence, breakdown: RateLimitBreakdown | null): RunsLink[] {
  const base = baseFilters(evidence);
  return [
    {
      label: 'Rate-limited runs',
      href: runsHref({ ...base, errorKind: 'rate_limit' }),
      ...(breakdown ? { calls: breakdown.rateLimited } : {}),
    },
    {
      label: 'Overloaded runs',
      href: runsHref({ ...base, errorKind: 'overloaded' }),
      ...(breakdown ? { calls: breakdown.overloaded } : {}),
    },
  ];
}

/**
 * The first link is the main one: all the runs behind the incident. A rate-limit incident counts
 * two error kinds and the runs list filters one at a time, so when both occurred the main link is
 * every run with a failed call in the window and scope (a superset), followed by each kind apart;
 * when only one occurred, that kind's link is exact and comes alone. A kind with no calls in the
 * window gets no link. Without a breakdown (not measured), both kinds are offered.
 */
export function incidentRunsLinks(evidence: IncidentEvidence, breakdown: RateLimitBreakdown | null = null): RunsLink[] {
  const base = baseFilters(evidence);
  switch (evidence.metric) {
    case 'rate_limit_incidents': {
      const kinds = rateLimitKindLinks(evidence, breakdown).filter((link) => link.calls === undefined || link.calls > 0);
      if (kinds.length === 1) return kinds;
      return [{ label: 'Runs with rate-limited or overloaded calls', href: runsHref({ ...base, hasErrors: true }) }, ...kinds];
    }
    case 'error_rate':
      return [{ label: 'Runs with failed calls', href: runsHref({ ...base, hasErrors: true }) }];
    case 'streaming_success':
    case 'p95_latency':
    case 'cost_per_hour':
    case 'quota_headroom':
      return [{ label: 'Runs in the window', href: runsHref(base) }];
  }
}
