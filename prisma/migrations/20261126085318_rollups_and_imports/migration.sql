-- AlterTable
ALTER TABLE "ProviderCall" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "ReasoningTrace" ADD COLUMN     "encryptedBytes" INTEGER,
ADD COLUMN     "signatureBytes" INTEGER;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "importedAt" TIMESTAMPTZ(3),
ADD COLUMN     "importedFromId" TEXT;

-- CreateTable
CREATE TABLE "TelemetryRollup" (
    "widthSeconds" INTEGER NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "streamRequested" INTEGER NOT NULL,
    "streamed" INTEGER NOT NULL,
    "streamedOk" INTEGER NOT NULL,
    "streamFallbacks" INTEGER NOT NULL,
    "midStreamFailures" INTEGER NOT NULL,
    "otherStreamErrors" INTEGER NOT NULL,
    "rateLimited429" INTEGER NOT NULL,
    "rateLimitedOther" INTEGER NOT NULL,
    "overloaded" INTEGER NOT NULL,
    "retries" INTEGER NOT NULL,
    "okCalls" INTEGER NOT NULL,
    "latencyP50" DOUBLE PRECISION,
    "latencyP95" DOUBLE PRECISION,
    "ttftP50" DOUBLE PRECISION,
    "ttftP95" DOUBLE PRECISION,
    "inputTokens" DOUBLE PRECISION NOT NULL,
    "cacheReadTokens" DOUBLE PRECISION NOT NULL,
    "cacheWriteTokens" DOUBLE PRECISION NOT NULL,
    "outputTokens" DOUBLE PRECISION NOT NULL,
    "reasoningTokens" DOUBLE PRECISION NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,
    "errorsByKind" JSONB NOT NULL,

    CONSTRAINT "TelemetryRollup_pkey" PRIMARY KEY ("widthSeconds","provider","model","bucket")
);

-- CreateTable
CREATE TABLE "TelemetryRollupState" (
    "id" TEXT NOT NULL,
    "watermark" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TelemetryRollupState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProviderCall_recordedAt_idx" ON "ProviderCall"("recordedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Run_importedFromId_key" ON "Run"("importedFromId");
