// One aggregate query per rule over "ProviderCall" in [now − window, now) — the same window
// semantics (startedAt, half-open) as the telemetry charts, and their metrics: every number is a
// metric of the catalogue (lib/telemetry/metrics.ts). Quota headroom reads "RateLimitSample" the
// same way (observedAt, half-open; lib/telemetry/headroom.ts). No rows reach Node.
import 'server-only';
import { Prisma } from '@/lib/store/generated/prisma/client';
import type { Database } from '@/lib/store/database';
import { headroomNow } from '@/lib/telemetry/headroom';
import { metricSql, ratioSql } from '@/lib/telemetry/metrics';
import type { AlertMetric } from './metrics';
import type { Measurement } from './state-machine';

export type MeasuredRule = {
  metric: AlertMetric;
  provider: string | null;
  model: string | null;
  windowSeconds: number;
};

export type MeasuredWindow = Measurement & { from: Date; to: Date };

/** Per alert metric over "ProviderCall": the sample (what minCalls counts) and the value, in the metric's unit (lib/alerts/metrics.ts). */
const MEASURES: Record<Exclude<AlertMetric, 'quota_headroom'>, (windowSeconds: number) => { sample: Prisma.Sql; value: Prisma.Sql }> = {
  error_rate: () => ({ sample: metricSql('errorRateAttempts'), value: ratioSql('errorRate', 100) }),
  rate_limit_incidents: () => ({ sample: metricSql('calls'), value: metricSql('rateLimitIncidents') }),
  streaming_success: () => ({ sample: metricSql('streamHealthAttempts'), value: ratioSql('streamingSuccess', 100) }),
  p95_latency: () => ({ sample: metricSql('okCalls'), value: metricSql('latencyP95') }),
  cost_per_hour: (windowSeconds) => ({
    sample: metricSql('calls'),
    value: Prisma.sql`CASE WHEN ${metricSql('calls')} = 0 THEN NULL ELSE ${metricSql('costUsd')} * 3600 / ${windowSeconds}::float8 END`,
  }),
};

export async function measureRule(db: Database | Prisma.TransactionClient, rule: MeasuredRule, now: Date): Promise<MeasuredWindow> {
  const from = new Date(now.getTime() - rule.windowSeconds * 1000);
  if (rule.metric === 'quota_headroom') {
    // Over "RateLimitSample": its sample is the window's rate-limit samples (lib/telemetry/headroom.ts).
    const { samples, value } = await headroomNow(db, { from, to: now, provider: rule.provider, model: rule.model });
    return { calls: samples, value, from, to: now };
  }
  const conditions = [
    Prisma.sql`"startedAt" >= ${from.toISOString()}::timestamptz`,
    Prisma.sql`"startedAt" < ${now.toISOString()}::timestamptz`,
  ];
  if (rule.provider) conditions.push(Prisma.sql`"provider" = ${rule.provider}`);
  if (rule.provider && rule.model) conditions.push(Prisma.sql`"modelRequested" = ${rule.model}`);
  const { sample, value } = MEASURES[rule.metric](rule.windowSeconds);
  const [row] = await db.$queryRaw<Array<{ calls: number; value: number | null }>>`
    SELECT (${sample})::int AS calls, (${value})::float8 AS value
    FROM "ProviderCall"
    WHERE ${Prisma.join(conditions, ' AND ')}`;
  return { calls: row?.calls ?? 0, value: row?.value ?? null, from, to: now };
}
