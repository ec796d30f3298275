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

export type RunsLink = { label: string; href: string };

/** The first link is the main one; rate-limit incidents add the overloaded (529 / 503) calls apart. */
export function incidentRunsLinks(evidence: IncidentEvidence): RunsLink[] {
  const base = {
    from: evidence.windowFrom,
    // The window is [from, to) on startedAt; the runs list's `to` is exclusive too.
    to: evidence.windowTo,
    ...(evidence.provider ? { provider: evidence.provider } : {}),
    ...(evidence.provider && evidence.model ? { model: evidence.model } : {}),
  };
  switch (evidence.metric) {
    case 'rate_limit_incidents':
      return [
        { label: 'Rate-limited runs', href: runsHref({ ...base, errorKind: 'rate_limit' }) },
        { label: 'Overloaded runs', href: runsHref({ ...base, errorKind: 'overloaded' }) },
      ];
    case 'error_rate':
      return [{ label: 'Runs with failed calls', href: runsHref({ ...base, hasErrors: true }) }];
    case 'streaming_success':
    case 'p95_latency':
    case 'cost_per_hour':
      return [{ label: 'Runs in the window', href: runsHref(base) }];
  }
}
