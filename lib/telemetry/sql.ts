// SQL pieces shared by the chart queries (queries.ts) and the rollups (rollups.ts), so that both
// count the same things the same way.
import { Prisma } from '@/lib/store/generated/prisma/client';
import { BUCKET_ORIGIN } from './buckets';

/** Error kinds that, on a call that really streamed, mean the stream broke off. */
export const MID_STREAM_ERROR_KINDS = ['network', 'server', 'overloaded'] as const;

export const midStreamKinds = Prisma.join(MID_STREAM_ERROR_KINDS.map((kind) => Prisma.sql`${kind}`));

/** The start of a "startedAt" bucket of this width (aligned on BUCKET_ORIGIN, like bucketStart()). */
export function bucketSql(widthSeconds: number): Prisma.Sql {
  return Prisma.sql`date_bin(${widthSeconds}::int * interval '1 second', "startedAt", ${BUCKET_ORIGIN.toISOString()}::timestamptz)`;
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
