-- CreateEnum
CREATE TYPE "AlertNotificationStatus" AS ENUM ('pending', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "AlertNotification" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "event" "AlertEvent" NOT NULL,
    "status" "AlertNotificationStatus" NOT NULL DEFAULT 'pending',
    "leaseUntil" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AlertNotification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertNotification_status_leaseUntil_idx" ON "AlertNotification"("status", "leaseUntil");

-- CreateIndex
CREATE UNIQUE INDEX "AlertNotification_incidentId_event_key" ON "AlertNotification"("incidentId", "event");

-- AddForeignKey
ALTER TABLE "AlertNotification" ADD CONSTRAINT "AlertNotification_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "AlertIncident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
