// SQL helpers of the telemetry reads (queries.ts, sources.ts) and the rollup build (rollups.ts):
// buckets, timestamps, numbers. What a metric counts is defined in metrics.ts.
import { Prisma } from '@/lib/store/generated/prisma/client';
import { BUCKET_ORIGIN } from './buckets';

/** The start of a bucket of this width (aligned on BUCKET_ORIGIN, like bucketStart()) over "startedAt", or a sample's "observedAt". */
export function bucketSql(widthSeconds: number, column: 'startedAt' | 'observedAt' = 'startedAt'): Prisma.Sql {
  return Prisma.sql`date_bin(${widthSeconds}::int * interval '1 second', ${Prisma.raw(`"${column}"`)}, ${BUCKET_ORIGIN.toISOString()}::timestamptz)`;
}

export function timestamp(value: Date): Prisma.Sql {
  return Prisma.sql`${value.toISOString()}::timestamptz`;
}

/** Postgres numbers as JS numbers (bigint from count, Decimal from numeric, null kept as 0). */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') return value.toNumber() as number;
  return Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}
