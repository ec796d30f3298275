-- CreateTable
CREATE TABLE "RateLimitSample" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "account" TEXT NOT NULL,
    "runtime" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "limit" BIGINT,
    "remaining" BIGINT,
    "resetAt" TIMESTAMPTZ(3),
    "observedAt" TIMESTAMPTZ(3) NOT NULL,
    "httpStatus" INTEGER,

    CONSTRAINT "RateLimitSample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RateLimitSample_observedAt_idx" ON "RateLimitSample"("observedAt");

-- CreateIndex
CREATE INDEX "RateLimitSample_provider_model_observedAt_idx" ON "RateLimitSample"("provider", "model", "observedAt");

-- CreateIndex
CREATE INDEX "RateLimitSample_account_model_dimension_observedAt_idx" ON "RateLimitSample"("account", "model", "dimension", "observedAt");

-- CreateIndex
CREATE INDEX "RateLimitSample_runId_idx" ON "RateLimitSample"("runId");

-- AddForeignKey
ALTER TABLE "RateLimitSample" ADD CONSTRAINT "RateLimitSample_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
