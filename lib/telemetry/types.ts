// The JSON the telemetry page renders and GET /api/telemetry returns. Buckets are ISO strings
// (bucket start, UTC); every number is a plain number; null means "no data to compute it".
import type { WindowKind } from './window';

/** Attempts that asked for streaming, and what became of them. */
export type StreamingPoint = {
  bucket: string;
  /** streamRequested */
  requested: number;
  /** streamRequested AND streamActual */
  streamed: number;
  /** streamRequested AND streamActual AND status = ok */
  streamedOk: number;
  /** streamRequested AND NOT streamActual (the runtime fell back to a non-streaming call) */
  fallbacks: number;
  /** streamActual AND status = error AND errorKind IN (network, server, overloaded) */
  midStreamFailures: number;
  /** streamActual AND status = error for any other kind (rate limit, auth, timeout, …) */
  otherStreamErrors: number;
  /** streamedOk / requested */
  ratio: number | null;
};

export type RateLimitPoint = {
  bucket: string;
  /** errorKind = rate_limit AND httpStatus = 429 */
  rateLimited429: number;
  /** errorKind = rate_limit with another (or no) HTTP status */
  rateLimitedOther: number;
  /** errorKind = overloaded (Anthropic 529, OpenAI/OpenRouter 503) */
  overloaded: number;
  /** attempts with attempt > 1 */
  retries: number;
};

export type CachePoint = {
  bucket: string;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** cacheReadTokens / inputTokens */
  hitRatio: number | null;
};

/** Percentiles over successful attempts (status = ok), in milliseconds. */
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
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costUsd: number;
};

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
};
