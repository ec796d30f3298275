// What the runs links of rate-limit incidents need to know: how many rate-limited and overloaded
// calls each incident's window and scope holds — one aggregate for any number of incidents, with
// the catalogue's definitions (lib/telemetry/metrics.ts).
import 'server-only';
import { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import { anyAttemptOf, selectMetrics } from '@/lib/telemetry/metrics';
import type { RateLimitBreakdown } from './runs-link';

/** Per incident id (rate-limit incidents among `ids` only; others are ignored). */
export async function rateLimitBreakdowns(
  db: Database | Prisma.TransactionClient,
  ids: readonly string[],
): Promise<Map<string, RateLimitBreakdown>> {
  if (!ids.length) return new Map();
  const rows = await db.$queryRaw<Array<{ id: string; rateLimited429: number; rateLimitedOther: number; overloaded: number }>>`
    SELECT i."id", ${selectMetrics(['rateLimited429', 'rateLimitedOther', 'overloaded'])}
    FROM "AlertIncident" AS i
    LEFT JOIN "ProviderCall"
      ON ${anyAttemptOf(['rateLimitIncidents'])}
      AND "ProviderCall"."startedAt" >= i."windowFrom" AND "ProviderCall"."startedAt" < i."windowTo"
      AND (i."provider" IS NULL OR "ProviderCall"."provider" = i."provider")
      AND (i."model" IS NULL OR "ProviderCall"."modelRequested" = i."model")
    WHERE i."id" IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))}) AND i."metric" = 'rate_limit_incidents'
    GROUP BY i."id"`;
  return new Map(rows.map((row) => [row.id, { rateLimited: row.rateLimited429 + row.rateLimitedOther, overloaded: row.overloaded }]));
}
