-- CreateEnum
CREATE TYPE "AlertMetric" AS ENUM ('error_rate', 'rate_limit_incidents', 'streaming_success', 'p95_latency', 'cost_per_hour');

-- CreateEnum
CREATE TYPE "AlertComparison" AS ENUM ('gt', 'gte', 'lt', 'lte');

-- CreateEnum
CREATE TYPE "AlertEvent" AS ENUM ('firing', 'resolved');

-- CreateEnum
CREATE TYPE "AlertDeliveryStatus" AS ENUM ('delivered', 'failed');

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "metric" "AlertMetric" NOT NULL,
    "comparison" "AlertComparison" NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "provider" TEXT,
    "model" TEXT,
    "windowSeconds" INTEGER NOT NULL,
    "minCalls" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "webhookUrl" TEXT,
    "lastEvaluatedAt" TIMESTAMPTZ(3),
    "lastValue" DOUBLE PRECISION,
    "lastCalls" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertIncident" (
    "id" UUID NOT NULL,
    "ruleId" UUID NOT NULL,
    "openRuleId" UUID,
    "ruleName" TEXT NOT NULL,
    "metric" "AlertMetric" NOT NULL,
    "comparison" "AlertComparison" NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "calls" INTEGER NOT NULL,
    "provider" TEXT,
    "model" TEXT,
    "windowSeconds" INTEGER NOT NULL,
    "windowFrom" TIMESTAMPTZ(3) NOT NULL,
    "windowTo" TIMESTAMPTZ(3) NOT NULL,
    "firedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedValue" DOUBLE PRECISION,

    CONSTRAINT "AlertIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "event" "AlertEvent" NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" "AlertDeliveryStatus" NOT NULL,
    "httpStatus" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertEvaluatorState" (
    "id" TEXT NOT NULL,
    "lastRunAt" TIMESTAMPTZ(3) NOT NULL,
    "workerId" TEXT,

    CONSTRAINT "AlertEvaluatorState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertRule_enabled_idx" ON "AlertRule"("enabled");

-- CreateIndex
CREATE UNIQUE INDEX "AlertIncident_openRuleId_key" ON "AlertIncident"("openRuleId");

-- CreateIndex
CREATE INDEX "AlertIncident_firedAt_idx" ON "AlertIncident"("firedAt" DESC);

-- CreateIndex
CREATE INDEX "AlertIncident_ruleId_firedAt_idx" ON "AlertIncident"("ruleId", "firedAt" DESC);

-- CreateIndex
CREATE INDEX "AlertDelivery_incidentId_createdAt_idx" ON "AlertDelivery"("incidentId", "createdAt");

-- AddForeignKey
ALTER TABLE "AlertIncident" ADD CONSTRAINT "AlertIncident_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "AlertIncident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
