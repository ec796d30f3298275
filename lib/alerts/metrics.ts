// What each alert metric measures over a rule's window of ProviderCall rows (one row per
// attempt) — or, for quota headroom, of RateLimitSample rows — its unit, and how values are
// written. Client-safe: the rule form and the page use it. The SQL behind each one is defined in
// the telemetry catalogues (lib/telemetry/metrics.ts, headroom.ts; via measure.ts).

export const ALERT_METRICS = [
  'error_rate',
  'rate_limit_incidents',
  'streaming_success',
  'p95_latency',
  'cost_per_hour',
  'quota_headroom',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const ALERT_COMPARISONS = ['gt', 'gte', 'lt', 'lte'] as const;
export type AlertComparison = (typeof ALERT_COMPARISONS)[number];

export type MetricDefinition = {
  label: string;
  unit: '%' | 'calls' | 'ms' | 'USD/h';
  /** A ratio of calls: needs a minimum sample before it may fire (a percentage that is not one, headroom, does not). */
  ratio: boolean;
  /** The comparison a new rule starts with. */
  comparison: AlertComparison;
  /** The calls the value is computed from (what minCalls counts), plural and singular. */
  sample: string;
  sampleOne: string;
  definition: string;
};

export const METRICS: Record<AlertMetric, MetricDefinition> = {
  error_rate: {
    label: 'Error rate',
    unit: '%',
    ratio: true,
    comparison: 'gt',
    sample: 'attempts',
    sampleOne: 'attempt',
    definition:
      'failed attempts ÷ attempts, in percent; attempts a person cancelled, and streaming refusals answered by a successful non-streaming fallback, are left out (Streaming success counts those)',
  },
  rate_limit_incidents: {
    label: 'Rate-limit incidents',
    unit: 'calls',
    ratio: false,
    comparison: 'gte',
    sample: 'attempts',
    sampleOne: 'attempt',
    definition: 'attempts that met a rate limit (429, a slow-down HTML page) or an overload (529 / 503), as the telemetry page counts them',
  },
  streaming_success: {
    label: 'Streaming success',
    unit: '%',
    ratio: true,
    comparison: 'lt',
    sample: 'attempts whose stream began or was refused',
    sampleOne: 'attempt whose stream began or was refused',
    definition:
      'attempts whose stream began and completed ÷ attempts whose stream began or was refused, in percent (failures before any stream began, and cancels, are not counted), as the telemetry page counts them',
  },
  p95_latency: {
    label: 'p95 latency',
    unit: 'ms',
    ratio: false,
    comparison: 'gt',
    sample: 'successful attempts',
    sampleOne: 'successful attempt',
    definition: '95th percentile of the latency of successful attempts, in milliseconds',
  },
  cost_per_hour: {
    label: 'Cost per hour',
    unit: 'USD/h',
    ratio: false,
    comparison: 'gt',
    sample: 'attempts',
    sampleOne: 'attempt',
    definition: 'estimated cost of the window’s attempts, scaled to one hour',
  },
  quota_headroom: {
    label: 'Quota headroom',
    unit: '%',
    ratio: false,
    comparison: 'lt',
    sample: 'rate-limit samples',
    sampleOne: 'rate-limit sample',
    definition:
      'what remains of the accounts’ rate limits, in percent: per account, model and dimension (requests, tokens, input or output tokens) the latest remaining ÷ limit its provider’s rate-limit headers reported in the window (100 once its reset has passed), the lowest of them — it falls before the 429',
  },
};

export const COMPARISON_SYMBOLS: Record<AlertComparison, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };
export const COMPARISON_LABELS: Record<AlertComparison, string> = {
  gt: 'above',
  gte: 'at or above',
  lt: 'below',
  lte: 'at or below',
};

/** Whether `value` meets `comparison threshold`. */
export function compare(value: number, comparison: AlertComparison, threshold: number): boolean {
  switch (comparison) {
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
  }
}

/** A metric value as people read it: "12.5 %", "3 calls", "1,840 ms", "$0.42/h". */
export function formatMetricValue(metric: AlertMetric, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (METRICS[metric].unit) {
    case '%':
      return `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })} %`;
    case 'calls':
      return `${value.toLocaleString('en-US', { maximumFractionDigits: 0 })} call${value === 1 ? '' : 's'}`;
    case 'ms':
      return `${Math.round(value).toLocaleString('en-US')} ms`;
    case 'USD/h':
      return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: value < 1 ? 4 : 2 })}/h`;
  }
}

/** "1 attempt", "12 successful attempts". */
export function countSample(metric: AlertMetric, calls: number): string {
  return `${calls.toLocaleString('en-US')} ${calls === 1 ? METRICS[metric].sampleOne : METRICS[metric].sample}`;
}

/** "5 min", "1 h", "45 s". */
export function formatWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "Rate-limit incidents ≥ 3 calls over 5 min". */
export function describeCondition(rule: {
  metric: AlertMetric;
  comparison: AlertComparison;
  threshold: number;
  windowSeconds: number;
}): string {
  return `${METRICS[rule.metric].label} ${COMPARISON_SYMBOLS[rule.comparison]} ${formatMetricValue(rule.metric, rule.threshold)} over ${formatWindow(rule.windowSeconds)}`;
}

/** "all providers", "simulator", "simulator · sim-gpt". */
export function describeScope(scope: { provider: string | null; model: string | null }): string {
  if (!scope.provider) return 'all providers';
  return scope.model ? `${scope.provider} · ${scope.model}` : scope.provider;
}
