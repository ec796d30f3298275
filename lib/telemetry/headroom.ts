// Quota headroom, defined once: what remains of an account's rate limits, from "RateLimitSample"
// (one row per attempt and quota dimension: what the provider's rate-limit headers said). The
// quota headroom chart (quota-series.ts) and the quota_headroom alert (lib/alerts/measure.ts)
// read it through these definitions; metrics.ts is the same for "ProviderCall".
import 'server-only';
import { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import { timestamp } from './sql';

/**
 * A series: one quota of one account — the key's fingerprint, the model (OpenAI and Anthropic
 * limit each model apart) and the dimension (requests, tokens, input-tokens, output-tokens).
 */
export const SERIES_COLUMNS = Prisma.sql`"account", "model", "dimension"`;

/** A sample's remaining share of its limit in percent (0–100); null when it gave no limit or no remaining. */
export const REMAINING_PCT = Prisma.sql`CASE WHEN "limit" > 0 AND "remaining" IS NOT NULL THEN least(100, "remaining"::float8 * 100 / "limit"::float8) END`;

/** Samples that have a remaining share: a limit above 0 and what remains of it. */
const HAS_SHARE = Prisma.sql`"limit" > 0 AND "remaining" IS NOT NULL`;

/** Headroom at `now`: a sample whose quota has been replenished since (its reset passed) counts as 100 %. */
export function headroomAtSql(now: Date): Prisma.Sql {
  return Prisma.sql`CASE WHEN "resetAt" <= ${timestamp(now)} THEN 100::float8 ELSE ${REMAINING_PCT} END`;
}

export type SampleScope = { from: Date; to: Date; provider?: string | null; model?: string | null };

/** Samples observed in [from, to) (half-open, like the charts' windows), of a provider and of a model when given. */
export function samplesWhere(scope: SampleScope): Prisma.Sql {
  const conditions = [Prisma.sql`"observedAt" >= ${timestamp(scope.from)}`, Prisma.sql`"observedAt" < ${timestamp(scope.to)}`, HAS_SHARE];
  if (scope.provider) conditions.push(Prisma.sql`"provider" = ${scope.provider}`);
  if (scope.model) conditions.push(Prisma.sql`"model" = ${scope.model}`);
  return Prisma.join(conditions, ' AND ');
}

export type HeadroomNow = { samples: number; value: number | null };

/**
 * The lowest headroom of the scope at the window's end: per series, its latest sample in the window
 * (a quota replenished since counts as 100 %), then the lowest of those. `samples` counts the
 * window's samples. Null when the window has none.
 */
export async function headroomNow(db: Database | Prisma.TransactionClient, scope: SampleScope): Promise<HeadroomNow> {
  const [row] = await db.$queryRaw<Array<{ samples: number; value: number | null }>>`
    WITH latest AS (
      SELECT DISTINCT ON (${SERIES_COLUMNS}) ${headroomAtSql(scope.to)} AS headroom
      FROM "RateLimitSample"
      WHERE ${samplesWhere(scope)}
      ORDER BY ${SERIES_COLUMNS}, "observedAt" DESC, "id" DESC
    )
    SELECT (SELECT count(*) FROM "RateLimitSample" WHERE ${samplesWhere(scope)})::int AS samples, min(headroom)::float8 AS value FROM latest`;
  return { samples: row?.samples ?? 0, value: row?.value ?? null };
}
