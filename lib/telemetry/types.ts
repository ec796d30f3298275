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

/** The quota dimensions a provider's rate-limit headers report (lib/providers/core/rate-limit-samples.ts). */
export type QuotaDimensionName = 'requests' | 'tokens' | 'input-tokens' | 'output-tokens';

/** One quota of one account: headroom.ts SERIES_COLUMNS. */
export type QuotaSeries = {
  /** `account|model|dimension`: the key of its values in QuotaPoint.remaining. */
  key: string;
  /** The key's fingerprint (never the key). */
  account: string;
  runtime: string;
  provider: string;
  model: string;
  dimension: QuotaDimensionName;
  /** "openai-chat a1b2c3d4 · gpt-4.1-mini · tokens" */
  label: string;
  /** The lowest remaining % in the window (REMAINING_PCT). */
  lowestPct: number;
  samples: number;
  latest: { at: string; remainingPct: number; remaining: number; limit: number; resetAt: string | null };
  /** quota-forecast.ts: when it runs out at the current rate; null when it is not decreasing. */
  forecast: { exhaustsAt: string; pctPerMinute: number; samples: number; since: string } | null;
};

export type QuotaPoint = {
  bucket: string;
  /** A bucket after the window, there only for the forecasts to reach into (no runs behind it). */
  projected: boolean;
  /** Per series key: the lowest remaining % of the bucket (REMAINING_PCT), null without samples. */
  remaining: Record<string, number | null>;
  /** Per series key: the forecast's remaining % (quota-projection.ts), null where it draws nothing. */
  forecast: Record<string, number | null>;
  /** METRICS.rateLimited429 (the window's scope, every account). */
  rateLimited429: number;
  /** Seconds of the bucket under a cooldown (the cooldowns' union). */
  cooldownSeconds: number;
};

/** Time the provider asked us to wait after a rate limit (retry-after of 429s), merged where they overlap. */
export type QuotaCooldown = { from: string; to: string; provider: string; model: string; refusals: number };

export type QuotaHeadroom = {
  /** The series with the least headroom (at most QUOTA_MAX_SERIES), lowest first. */
  series: QuotaSeries[];
  /** How many series the window has in all. */
  seriesInWindow: number;
  points: QuotaPoint[];
  cooldowns: QuotaCooldown[];
};

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
  /** Remaining % of each account's rate limits (from RateLimitSample), 429s and cooldowns, forecasts. */
  quota: QuotaHeadroom;
};
