// What the runs links of rate-limit incidents need to know: how many rate-limited and overloaded
// calls each incident's window and scope holds — one aggregate for any number of incidents.
import 'server-only';
import { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import type { RateLimitBreakdown } from './runs-link';

/** Per incident id (rate-limit incidents among `ids` only; others are ignored). */
export async function rateLimitBreakdowns(db: Database | Prisma.TransactionClient, ids: readonly string[]): Promise<Map<string, RateLimitBreakdown>> {
  if (!ids.length) return new Map();
  const rows = await db.$queryRaw<Array<{ id: string; rateLimited: number; overloaded: number }>>`
    SELECT i."id",
      count(c."id") FILTER (WHERE c."errorKind" = 'rate_limit')::int AS "rateLimited",
      count(c."id") FILTER (WHERE c."errorKind" = 'overloaded')::int AS "overloaded"
    FROM "AlertIncident" AS i
    LEFT JOIN "ProviderCall" AS c
      ON c."errorKind" IN ('rate_limit', 'overloaded')
      AND c."startedAt" >= i."windowFrom" AND c."startedAt" < i."windowTo"
      AND (i."provider" IS NULL OR c."provider" = i."provider")
      AND (i."model" IS NULL OR c."modelRequested" = i."model")
    WHERE i."id" IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))}) AND i."metric" = 'rate_limit_incidents'
    GROUP BY i."id"`;
  return new Map(rows.map((row) => [row.id, { rateLimited: row.rateLimited, overloaded: row.overloaded }]));
}
