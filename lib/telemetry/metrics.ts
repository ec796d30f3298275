// The metric catalogue: every number that the telemetry charts, the rollups and the alert rules
// take from "ProviderCall" (one row per attempt) is defined here once — which attempts it takes,
// how it aggregates them, and what it means. The chart queries (queries.ts), the rollup build
// (rollups.ts) and the alert measures (lib/alerts/measure.ts) select metrics by name and write no
// metric SQL of their own; metrics.test.ts proves that all three give the same numbers.
import { Prisma } from '@/lib/store/generated/prisma/client';
import { RATIOS, type RatioName } from './ratios';
import { num, numOrNull } from './sql';

/** Error kinds of a rate-limit incident: a rate limit (429, a slow-down HTML page) or an overload (529 / 503). */
const RATE_LIMIT_INCIDENT_KINDS = ['rate_limit', 'overloaded'] as const;

/** Constant words of the definitions as SQL string literals (the same SQL text on every query). */
function literals(words: readonly string[]): Prisma.Sql {
  for (const word of words) if (!/^[a-z_]+$/.test(word)) throw new Error(`not a plain word: ${word}`);
  return Prisma.raw(words.map((word) => `'${word}'`).join(', '));
}

/**
 * A set of attempts that metrics are taken over, as a condition on one "ProviderCall" row
 * (`null`: every attempt). A query that reads only a population's rows states it (`within`), and
 * its metrics then leave that condition out instead of testing it again on every row.
 */
export type Population = { readonly meaning: string; readonly where: Prisma.Sql | null };

export const EVERY_ATTEMPT: Population = { meaning: 'every attempt', where: null };

export const STREAMING_ATTEMPTS: Population = { meaning: 'attempts that requested streaming', where: Prisma.sql`"streamRequested"` };

export const SUCCEEDED_ATTEMPTS: Population = { meaning: 'attempts that succeeded', where: Prisma.sql`"status" = 'ok'` };

/** A user cancel ends an attempt `error`/`cancelled`, but nothing failed: it is counted apart (cancelledCalls). */
export const FAILED_ATTEMPTS: Population = {
  meaning: 'attempts that failed (a user cancel is not a failure)',
  where: Prisma.sql`"status" = 'error' AND coalesce("errorKind", '') <> 'cancelled'`,
};

/**
 * The attempts streaming health is taken over: streaming was requested and the provider either
 * began a stream (HTTP 2xx, an event stream) or refused streaming itself (`stream_unsupported`).
 * A failure before any stream began (a 429, an overload, an auth error, no connection) says
 * nothing about streaming (streamNotStarted shows those beside it); a user cancel is neither.
 */
const STREAM_HEALTH = Prisma.sql`("streamStarted" OR "errorKind" = 'stream_unsupported') AND coalesce("errorKind", '') <> 'cancelled'`;

/**
 * The attempts the error rate counts: all but
 * - `cancelled` ones — a person stopped the run; nothing failed;
 * - `stream_unsupported` ones answered by a successful non-streaming fallback of the same call
 *   (same turn and profile, a later attempt, not streamed, ok): the call succeeded; streaming
 *   success counts the lost stream.
 * A `stream_unsupported` attempt whose fallback failed too stays counted (and so does the fallback).
 * The attempts of one call are recorded together when it ends, so the fallback row is always there.
 * It reads other rows of "ProviderCall", so only queries over "ProviderCall" itself (not the
 * rollups) can take it. (The run's id, the partition key, confines that read to the run's partition.)
 */
const ERROR_RATE_ATTEMPTS: Population = {
  meaning: 'attempts the error rate counts: all but cancelled ones and streaming refusals answered by a successful non-streaming fallback',
  where: Prisma.sql`coalesce("errorKind", '') <> 'cancelled' AND NOT (
  coalesce("errorKind", '') = 'stream_unsupported' AND EXISTS (
    SELECT 1 FROM "ProviderCall" AS "fallback"
    WHERE "fallback"."runId" = "ProviderCall"."runId" AND "fallback"."turnId" = "ProviderCall"."turnId"
      AND "fallback"."profileName" = "ProviderCall"."profileName"
      AND "fallback"."attempt" > "ProviderCall"."attempt" AND NOT "fallback"."streamActual" AND "fallback"."status" = 'ok'))`,
};

/** Attempts with both our estimate and the provider's reported cost: the cost drift compares these. */
const BOTH_COSTS = Prisma.sql`"costUsd" IS NOT NULL AND "providerCostUsd" IS NOT NULL`;

/** How many attempts of the population meet `where` (all of them when it is null). */
type CountMetric = { readonly kind: 'count'; readonly of: Population; readonly where: Prisma.Sql | null; readonly meaning: string };
/** The sum of a column over the population's attempts that meet `where` (0 when there are none; null cells add nothing). */
type SumMetric = {
  readonly kind: 'sum';
  readonly of: Population;
  readonly column: Prisma.Sql;
  readonly where: Prisma.Sql | null;
  readonly meaning: string;
};
/** A continuous percentile (Postgres `percentile_cont`) of a column over the population (null when it has no values). */
type PercentileMetric = {
  readonly kind: 'percentile';
  readonly of: Population;
  readonly fraction: number;
  readonly column: Prisma.Sql;
  readonly meaning: string;
};
type Metric = CountMetric | SumMetric | PercentileMetric;

const count = (of: Population, where: Prisma.Sql | null, meaning: string): CountMetric => ({ kind: 'count', of, where, meaning });
const sum = (of: Population, column: string, meaning: string, where: Prisma.Sql | null = null): SumMetric => ({
  kind: 'sum',
  of,
  column: Prisma.raw(`"${column}"`),
  where,
  meaning,
});
const percentile = (of: Population, fraction: number, column: string, meaning: string): PercentileMetric => ({
  kind: 'percentile',
  of,
  fraction,
  column: Prisma.raw(`"${column}"`),
  meaning,
});

/** Every metric, by name. The rollups store some of them in columns of the same name (rollups.ts). */
export const METRICS = {
  calls: count(EVERY_ATTEMPT, null, 'Attempts.'),

  streamRequested: count(STREAMING_ATTEMPTS, null, 'Attempts of calls that requested streaming.'),
  streamHealthAttempts: count(
    STREAMING_ATTEMPTS,
    STREAM_HEALTH,
    'Attempts streaming health counts: the provider began a stream or refused streaming (not cancelled).',
  ),
  streamed: count(
    STREAMING_ATTEMPTS,
    Prisma.sql`"streamStarted"`,
    'Attempts on which the provider began a stream (HTTP 2xx, an event stream).',
  ),
  streamedOk: count(
    STREAMING_ATTEMPTS,
    Prisma.sql`"streamStarted" AND "status" = 'ok'`,
    'Attempts whose stream began and completed (streamed OK).',
  ),
  midStreamFailures: count(
    STREAMING_ATTEMPTS,
    Prisma.sql`"streamStarted" AND "status" = 'error' AND coalesce("errorKind", '') NOT IN ('cancelled', 'stream_unsupported')`,
    'Attempts whose stream began and then failed: cut, timed out, or an error event inside the stream.',
  ),
  streamRefused: count(
    STREAMING_ATTEMPTS,
    Prisma.sql`"errorKind" = 'stream_unsupported'`,
    'Attempts on which the provider refused streaming itself.',
  ),
  streamFallbacks: count(
    STREAMING_ATTEMPTS,
    Prisma.sql`NOT "streamActual"`,
    'Attempts that requested streaming but ran without it (the non-streaming fallback, or streaming disabled for the session).',
  ),
  streamNotStarted: count(
    STREAMING_ATTEMPTS,
    Prisma.sql`"streamActual" AND NOT "streamStarted" AND "status" = 'error' AND coalesce("errorKind", '') NOT IN ('stream_unsupported', 'cancelled')`,
    'Streaming attempts that failed before any stream began (rate limit, overload, auth, no connection): not streaming failures.',
  ),
  streamCancelled: count(
    STREAMING_ATTEMPTS,
    Prisma.sql`"errorKind" = 'cancelled'`,
    'Streaming attempts a person cancelled: neither a success nor a failure.',
  ),

  rateLimitIncidents: count(
    EVERY_ATTEMPT,
    Prisma.sql`"errorKind" IN (${literals(RATE_LIMIT_INCIDENT_KINDS)})`,
    'Attempts that met a rate limit (429, a slow-down HTML page) or an overload (529 / 503).',
  ),
  rateLimited429: count(
    EVERY_ATTEMPT,
    Prisma.sql`"errorKind" = 'rate_limit' AND "httpStatus" = 429`,
    'Attempts rate-limited with HTTP 429.',
  ),
  rateLimitedOther: count(
    EVERY_ATTEMPT,
    Prisma.sql`"errorKind" = 'rate_limit' AND "httpStatus" IS DISTINCT FROM 429`,
    'Attempts rate-limited with another HTTP status or none (a slow-down HTML page).',
  ),
  overloaded: count(
    EVERY_ATTEMPT,
    Prisma.sql`"errorKind" = 'overloaded'`,
    'Attempts refused as overloaded (Anthropic 529, OpenAI / OpenRouter 503).',
  ),
  retries: count(
    EVERY_ATTEMPT,
    Prisma.sql`"attempt" > 1`,
    'Attempts after the first of a call (a retry, or the non-streaming fallback of a refused stream).',
  ),
  causedAttempts: count(
    EVERY_ATTEMPT,
    Prisma.sql`"cause" IS NOT NULL`,
    'Attempts made because another failed: retries, non-streaming fallbacks and profile fallbacks (by CAUSE, "retries and fallbacks by reason").',
  ),

  okCalls: count(SUCCEEDED_ATTEMPTS, null, 'Attempts that succeeded.'),
  latencyP50: percentile(SUCCEEDED_ATTEMPTS, 0.5, 'latencyMs', 'Median latency of successful attempts, in milliseconds.'),
  latencyP95: percentile(SUCCEEDED_ATTEMPTS, 0.95, 'latencyMs', '95th percentile of the latency of successful attempts, in milliseconds.'),
  ttftP50: percentile(SUCCEEDED_ATTEMPTS, 0.5, 'ttftMs', 'Median time to first token of successful attempts, in milliseconds.'),
  ttftP95: percentile(
    SUCCEEDED_ATTEMPTS,
    0.95,
    'ttftMs',
    '95th percentile of the time to first token of successful attempts, in milliseconds.',
  ),

  inputTokens: sum(EVERY_ATTEMPT, 'inputTokens', 'Input tokens of all attempts (cache reads included).'),
  cacheReadTokens: sum(EVERY_ATTEMPT, 'cacheReadTokens', 'Input tokens read from the provider’s prompt cache (attempts that reported it).'),
  cacheWriteTokens: sum(
    EVERY_ATTEMPT,
    'cacheWriteTokens',
    'Input tokens written to the provider’s prompt cache (attempts that reported it).',
  ),
  cacheReportedInputTokens: sum(
    EVERY_ATTEMPT,
    'inputTokens',
    'Input tokens of the attempts that reported their cache reads (the cache hit ratio’s denominator).',
    Prisma.sql`"cacheReadTokens" IS NOT NULL`,
  ),
  cacheNotReported: count(
    SUCCEEDED_ATTEMPTS,
    Prisma.sql`"cacheReadTokens" IS NULL`,
    'Successful attempts whose provider did not report cache reads (left out of the cache hit ratio).',
  ),
  outputTokens: sum(EVERY_ATTEMPT, 'outputTokens', 'Output tokens of all attempts.'),
  reasoningTokens: sum(
    EVERY_ATTEMPT,
    'reasoningTokens',
    'Reasoning tokens of all attempts that reported them (usually part of the output tokens).',
  ),
  costUsd: sum(EVERY_ATTEMPT, 'costUsd', 'Our estimated cost of all attempts, in USD (attempts without a price add nothing).'),
  providerCostUsd: sum(EVERY_ATTEMPT, 'providerCostUsd', 'The cost providers reported for their attempts (OpenRouter usage.cost), in USD.'),
  costComparedEstimate: sum(
    EVERY_ATTEMPT,
    'costUsd',
    'Our estimate, over the attempts that have both an estimate and a reported cost.',
    BOTH_COSTS,
  ),
  costComparedReported: sum(
    EVERY_ATTEMPT,
    'providerCostUsd',
    'The reported cost, over the attempts that have both an estimate and a reported cost.',
    BOTH_COSTS,
  ),
  unpricedCalls: count(
    SUCCEEDED_ATTEMPTS,
    Prisma.sql`"costUsd" IS NULL`,
    'Successful attempts with no price for their model: their cost is unknown, not $0.',
  ),

  failedCalls: count(FAILED_ATTEMPTS, null, 'Attempts that failed (errors by kind groups them by ERROR_KIND; a user cancel is not one).'),
  cancelledCalls: count(EVERY_ATTEMPT, Prisma.sql`"errorKind" = 'cancelled'`, 'Attempts a person cancelled.'),
  errorRateAttempts: count(ERROR_RATE_ATTEMPTS, null, 'Attempts the error rate counts (see ERROR_RATE_ATTEMPTS).'),
  errorRateFailures: count(ERROR_RATE_ATTEMPTS, FAILED_ATTEMPTS.where, 'Failed attempts among those the error rate counts.'),
} as const satisfies Record<string, Metric>;

export type MetricName = keyof typeof METRICS;

/** The error kind a failed attempt is grouped under ("errors by kind"). */
export const ERROR_KIND = Prisma.sql`coalesce("errorKind", 'unknown')`;

/** Why an attempt was made, as `<cause>:<kind of the failure it answered>` (`retry:rate_limit`, `profile-fallback:overloaded`). */
export const CAUSE = Prisma.sql`"cause" || ':' || coalesce("causeKind", 'unknown')`;

/** The ratios of two metrics (streaming success, cache hit, error rate) are in ratios.ts, which the browser can load too. */
export { RATIOS, ratioOf, type RatioName } from './ratios';

/** A metric's value as it comes back: a number, or null for a percentile over no values. */
type MetricValue<N extends MetricName> = (typeof METRICS)[N] extends PercentileMetric ? number | null : number;
export type MetricValues<N extends MetricName> = { [K in N]: MetricValue<K> };

function conditionSql(conditions: Array<Prisma.Sql | null>): Prisma.Sql | null {
  const present = conditions.filter((condition): condition is Prisma.Sql => condition !== null);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0]!;
  return Prisma.join(
    present.map((condition) => Prisma.sql`(${condition})`),
    ' AND ',
  );
}

/**
 * The metric's aggregate, for a query over "ProviderCall" (or rows with its columns). `within` is
 * the population the query already restricts its rows to: the metric's own (its condition is then
 * left out) or every attempt.
 */
export function metricSql(name: MetricName, within: Population = EVERY_ATTEMPT): Prisma.Sql {
  const metric: Metric = METRICS[name];
  if (within !== EVERY_ATTEMPT && within !== metric.of) {
    throw new Error(`${name} is taken over ${metric.of.meaning}, not over ${within.meaning} only`);
  }
  const condition = conditionSql([within === metric.of ? null : metric.of.where, metric.kind === 'percentile' ? null : metric.where]);
  const filter = condition ? Prisma.sql` FILTER (WHERE ${condition})` : Prisma.empty;
  switch (metric.kind) {
    case 'count':
      return Prisma.sql`count(*)${filter}::int`;
    case 'sum':
      return Prisma.sql`coalesce(sum(${metric.column})${filter}, 0)::float8`;
    case 'percentile':
      return Prisma.sql`percentile_cont(${Prisma.raw(String(metric.fraction))}) WITHIN GROUP (ORDER BY ${metric.column})${filter}`;
  }
}

/** The metrics' aggregates as columns named after them: `count(*)::int AS "calls", …`. */
export function selectMetrics(names: readonly MetricName[], within: Population = EVERY_ATTEMPT): Prisma.Sql {
  return Prisma.join(
    names.map((name) => Prisma.sql`${metricSql(name, within)} AS ${Prisma.raw(`"${name}"`)}`),
    ', ',
  );
}

/** A condition that holds for every attempt any of these metrics takes (to read only those rows). */
export function anyAttemptOf(names: readonly MetricName[]): Prisma.Sql {
  return Prisma.join(
    names.map((name) => {
      const metric: Metric = METRICS[name];
      return Prisma.sql`(${conditionSql([metric.of.where, metric.kind === 'percentile' ? null : metric.where]) ?? Prisma.sql`true`})`;
    }),
    ' OR ',
  );
}

/** A ratio in SQL, scaled (100: percent): NULL when the denominator is 0. */
export function ratioSql(name: RatioName, scale = 1): Prisma.Sql {
  const { numerator, denominator } = RATIOS[name];
  return Prisma.sql`${Prisma.raw(scale.toFixed(1))} * (${metricSql(numerator)}) / nullif(${metricSql(denominator)}, 0)`;
}

/** The named metrics of a result row (from "ProviderCall" or a rollup row), as numbers. */
export function metricValues<N extends MetricName>(row: Record<string, unknown>, names: readonly N[]): MetricValues<N> {
  const values: Record<string, number | null> = {};
  for (const name of names) values[name] = METRICS[name].kind === 'percentile' ? numOrNull(row[name]) : num(row[name]);
  return values as MetricValues<N>;
}

/** What the metrics are over no attempts at all: 0 for counts and sums, null for percentiles. */
export function emptyMetricValues<N extends MetricName>(names: readonly N[]): MetricValues<N> {
  return metricValues({}, names);
}
