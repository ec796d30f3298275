// The catalogue metrics each time-series chart shows per bucket. The chart queries take them by
// chart (queries.ts); the rollups keep exactly these, one column each (rollups.ts).
import type { MetricName } from './metrics';

export const CHART_METRICS = {
  streaming: [
    'streamRequested',
    'streamHealthAttempts',
    'streamed',
    'streamedOk',
    'streamFallbacks',
    'midStreamFailures',
    'streamRefused',
    'streamNotStarted',
    'streamCancelled',
  ],
  rateLimits: ['rateLimited429', 'rateLimitedOther', 'overloaded', 'retries'],
  cache: ['inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'cacheReportedInputTokens', 'cacheNotReported'],
  latency: ['okCalls', 'latencyP50', 'latencyP95', 'ttftP50', 'ttftP95'],
  tokens: [
    'calls',
    'cancelledCalls',
    'inputTokens',
    'outputTokens',
    'reasoningTokens',
    'costUsd',
    'providerCostUsd',
    'costComparedEstimate',
    'costComparedReported',
    'unpricedCalls',
  ],
} as const satisfies Record<string, readonly MetricName[]>;

export type ChartMetricName = (typeof CHART_METRICS)[keyof typeof CHART_METRICS][number];
