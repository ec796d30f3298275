// The JSON the telemetry page renders and GET /api/telemetry returns. Buckets are ISO strings
// (bucket start, UTC); every number is a plain number; null means "no data to compute it".
// Each field is a metric of the catalogue (metrics.ts), named in its comment.
import type { WindowKind } from './window';

/** Attempts that asked for streaming, and what became of them. */
export type StreamingPoint = {
  bucket: string;
  /** METRICS.streamRequested */
  requested: number;
  /** METRICS.streamHealthAttempts: the ratio's denominator (stream began or refused). */
  counted: number;
  /** METRICS.streamed: the provider began a stream. */
  streamed: number;
  /** METRICS.streamedOk */
  streamedOk: number;
  /** METRICS.streamFallbacks */
  fallbacks: number;
  /** METRICS.midStreamFailures: began, then failed. */
  midStreamFailures: number;
  /** METRICS.streamRefused: the provider refused streaming itself. */
  refused: number;
  /** METRICS.streamNotStarted: failed before any stream began; not a streaming failure. */
  notStarted: number;
  /** METRICS.streamCancelled: a person cancelled; neither success nor failure. */
  cancelled: number;
  /** RATIOS.streamingSuccess */
  ratio: number | null;
};

export type RateLimitPoint = {
  bucket: string;
  /** METRICS.rateLimited429 */
  rateLimited429: number;
  /** METRICS.rateLimitedOther */
  rateLimitedOther: number;
  /** METRICS.overloaded */
  overloaded: number;
  /** METRICS.retries */
  retries: number;
};

export type CachePoint = {
  bucket: string;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** METRICS.cacheReportedInputTokens: the hit ratio's denominator. */
  cacheReportedInputTokens: number;
  /** METRICS.cacheNotReported: successful attempts with no cache report (left out of the ratio). */
  cacheNotReported: number;
  /** RATIOS.cacheHit */
  hitRatio: number | null;
};

/** METRICS.okCalls and the percentiles of successful attempts (METRICS.latencyP50 …), in milliseconds. */
export type LatencyPoint = {
  bucket: string;
  okCalls: number;
  latencyP50: number | null;
  latencyP95: number | null;
  ttftP50: number | null;
  ttftP95: number | null;
};

export type TokensPoint = {
  bucket: string;
  calls: number;
  /** METRICS.cancelledCalls: attempts a person cancelled (not failures). */
  cancelledCalls: number;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** METRICS.costUsd: our estimate. */
  costUsd: number;
  /** METRICS.providerCostUsd: what providers reported. */
  providerCostUsd: number;
  /** METRICS.costComparedEstimate / costComparedReported: both sides of the drift, over attempts that have both. */
  costComparedEstimate: number;
  costComparedReported: number;
  /** METRICS.unpricedCalls: successful attempts with no price (unknown cost, not $0). */
  unpricedCalls: number;
};

/** METRICS.causedAttempts by CAUSE: why attempts were made (`retry` / `stream-fallback` / `profile-fallback`) after which kind of failure. */
export type CauseCount = { cause: string; kind: string; count: number };

/** METRICS.failedCalls by ERROR_KIND. */
export type ErrorKindCount = { errorKind: string; count: number };

export type FilterOptions = {
  providers: string[];
  models: Array<{ provider: string; model: string }>;
};

export type TelemetryData = {
  generatedAt: string;
  window: { kind: WindowKind; from: string; to: string; bucketSeconds: number };
  filters: { provider: string | null; model: string | null };
  options: FilterOptions;
  totals: { calls: number };
  streaming: StreamingPoint[];
  rateLimits: RateLimitPoint[];
  cache: CachePoint[];
  latency: LatencyPoint[];
  tokens: TokensPoint[];
  errorsByKind: ErrorKindCount[];
  /** METRICS.streamNotStarted by ERROR_KIND: shown beside the streaming ratio as "not started (kind)". */
  streamNotStartedByKind: ErrorKindCount[];
  /** Retries and fallbacks by reason (METRICS.causedAttempts by CAUSE). */
  attemptsByCause: CauseCount[];
};
