// One aggregate query per rule over "ProviderCall" in [now − window, now) — the same window
// semantics (startedAt, half-open) and definitions as the telemetry charts. No rows reach Node.
import 'server-only';
import { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import type { AlertMetric } from './metrics';
import type { Measurement } from './state-machine';

/** The error kinds the telemetry page counts as rate-limit incidents (429 / slow-down pages, 529 / 503). */
export const RATE_LIMIT_INCIDENT_KINDS = ['rate_limit', 'overloaded'] as const;

export type MeasuredRule = {
  metric: AlertMetric;
  provider: string | null;
  model: string | null;
  windowSeconds: number;
};

export type MeasuredWindow = Measurement & { from: Date; to: Date };

const incidentKinds = Prisma.join(RATE_LIMIT_INCIDENT_KINDS.map((kind) => Prisma.sql`${kind}`));

/**
 * The attempts the error rate counts (numerator and denominator): all but
 * - `cancelled` ones — a person stopped the run; nothing failed;
 * - `stream_unsupported` ones answered by a successful non-streaming fallback of the same call
 *   (same turn and profile, a later attempt, not streamed, ok): the call succeeded; the streaming
 *   success metric (and the telemetry page's streaming chart) counts the lost stream.
 * A `stream_unsupported` attempt whose fallback failed too stays counted (and so does the fallback).
 * The attempts of one call are recorded together when it ends, so the fallback row is always there.
 */
const counted = Prisma.sql`coalesce("errorKind", '') <> 'cancelled' AND NOT (
  coalesce("errorKind", '') = 'stream_unsupported' AND EXISTS (
    SELECT 1 FROM "ProviderCall" AS "fallback"
    WHERE "fallback"."turnId" = "ProviderCall"."turnId" AND "fallback"."profileName" = "ProviderCall"."profileName"
      AND "fallback"."attempt" > "ProviderCall"."attempt" AND NOT "fallback"."streamActual" AND "fallback"."status" = 'ok'))`;

/** The sample (what minCalls counts) and the value, per metric. */
function expressions(rule: MeasuredRule): { sample: Prisma.Sql; value: Prisma.Sql } {
  switch (rule.metric) {
    case 'error_rate':
      return {
        sample: Prisma.sql`count(*) FILTER (WHERE ${counted})`,
        value: Prisma.sql`100.0 * count(*) FILTER (WHERE ${counted} AND "status" = 'error') / nullif(count(*) FILTER (WHERE ${counted}), 0)`,
      };
    case 'rate_limit_incidents':
      return {
        sample: Prisma.sql`count(*)`,
        value: Prisma.sql`count(*) FILTER (WHERE "errorKind" IN (${incidentKinds}))`,
      };
    case 'streaming_success':
      return {
        sample: Prisma.sql`count(*) FILTER (WHERE "streamRequested")`,
        value: Prisma.sql`100.0 * count(*) FILTER (WHERE "streamRequested" AND "streamActual" AND "status" = 'ok') / nullif(count(*) FILTER (WHERE "streamRequested"), 0)`,
      };
    case 'p95_latency':
      return {
        sample: Prisma.sql`count(*) FILTER (WHERE "status" = 'ok')`,
        value: Prisma.sql`percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs") FILTER (WHERE "status" = 'ok')`,
      };
    case 'cost_per_hour':
      return {
        sample: Prisma.sql`count(*)`,
        value: Prisma.sql`CASE WHEN count(*) = 0 THEN NULL ELSE coalesce(sum("costUsd"), 0)::float8 * 3600 / ${rule.windowSeconds}::float8 END`,
      };
  }
}

export async function measureRule(db: Database | Prisma.TransactionClient, rule: MeasuredRule, now: Date): Promise<MeasuredWindow> {
  const from = new Date(now.getTime() - rule.windowSeconds * 1000);
  const conditions = [Prisma.sql`"startedAt" >= ${from.toISOString()}::timestamptz`, Prisma.sql`"startedAt" < ${now.toISOString()}::timestamptz`];
  if (rule.provider) conditions.push(Prisma.sql`"provider" = ${rule.provider}`);
  if (rule.provider && rule.model) conditions.push(Prisma.sql`"modelRequested" = ${rule.model}`);
  const { sample, value } = expressions(rule);
  const [row] = await db.$queryRaw<Array<{ calls: number; value: number | null }>>`
    SELECT (${sample})::int AS calls, (${value})::float8 AS value
    FROM "ProviderCall"
    WHERE ${Prisma.join(conditions, ' AND ')}`;
  return { calls: row?.calls ?? 0, value: row?.value ?? null, from, to: now };
}
