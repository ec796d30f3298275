import { Prisma } from './generated/prisma/client';
import type { Database } from './database';

/** A table whose rows name a provider and a model, indexed on (provider, model, …). */
export type ProviderModelSource = { table: 'Run'; modelColumn: 'model' } | { table: 'ProviderCall'; modelColumn: 'modelRequested' };

/**
 * The distinct (provider, model) pairs of a table, sorted by provider then model, at most `limit`:
 * a loose index scan (a recursive CTE, one index probe per pair), so it costs the same at 100 rows
 * as at 100k. Filter pickers are built from it.
 */
export function providerModelPairs(
  db: Database,
  source: ProviderModelSource,
  limit: number,
): Promise<Array<{ provider: string; model: string }>> {
  const table = Prisma.raw(`"${source.table}"`);
  const model = Prisma.raw(`"${source.modelColumn}"`);
  return db.$queryRaw<Array<{ provider: string; model: string }>>`
    WITH RECURSIVE pairs AS (
      (SELECT "provider", ${model} FROM ${table} ORDER BY "provider", ${model} LIMIT 1)
      UNION ALL
      SELECT next."provider", next.${model} FROM pairs, LATERAL (
        SELECT "provider", ${model} FROM ${table}
        WHERE ("provider", ${model}) > (pairs."provider", pairs.${model})
        ORDER BY "provider", ${model} LIMIT 1
      ) AS next
    )
    SELECT "provider", ${model} AS model FROM pairs LIMIT ${limit}`;
}
