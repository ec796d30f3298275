-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted');

-- CreateEnum
CREATE TYPE "TurnStatus" AS ENUM ('running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('ok', 'error');

-- CreateTable
CREATE TABLE "Run" (
    "id" UUID NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "task" TEXT NOT NULL,
    "profileName" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "runtime" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "profile" JSONB NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "providerState" JSONB NOT NULL DEFAULT '{}',
    "turnCount" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "errorKind" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Turn" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "status" "TurnStatus" NOT NULL DEFAULT 'running',
    "finishReason" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Turn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderCall" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "turnId" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "runtime" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "profileName" TEXT NOT NULL,
    "modelRequested" TEXT NOT NULL,
    "modelServed" TEXT,
    "streamRequested" BOOLEAN NOT NULL,
    "streamActual" BOOLEAN NOT NULL,
    "fallbackReason" TEXT,
    "status" "CallStatus" NOT NULL,
    "errorKind" TEXT,
    "httpStatus" INTEGER,
    "requestId" TEXT,
    "responseId" TEXT,
    "finishReason" TEXT,
    "waitBeforeMs" INTEGER NOT NULL DEFAULT 0,
    "retryAfterMs" INTEGER,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "firstTokenAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "latencyMs" INTEGER,
    "ttftMs" INTEGER,
    "outputTokensPerSec" DOUBLE PRECISION,
    "interChunkGapP95Ms" DOUBLE PRECISION,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "inputNoCacheTokens" INTEGER NOT NULL DEFAULT 0,
    "cacheReadTokens" INTEGER NOT NULL DEFAULT 0,
    "cacheWriteTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "reasoningTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DECIMAL(14,8),
    "rateLimit" JSONB,

    CONSTRAINT "ProviderCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "turnId" UUID,
    "position" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ToolCall" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "turnId" UUID NOT NULL,
    "providerCallId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rawArguments" TEXT NOT NULL,
    "arguments" JSONB,
    "validationErrors" JSONB,
    "result" JSONB,
    "isError" BOOLEAN NOT NULL DEFAULT false,
    "durationMs" INTEGER,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ToolCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReasoningTrace" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "turnId" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "itemId" TEXT,
    "summary" TEXT,
    "encrypted" TEXT,
    "signature" TEXT,
    "redacted" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReasoningTrace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ErrorArtifact" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "turnId" UUID,
    "turnIndex" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ErrorArtifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunEvent" (
    "id" BIGSERIAL NOT NULL,
    "runId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Run_createdAt_id_idx" ON "Run"("createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Run_provider_model_createdAt_idx" ON "Run"("provider", "model", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Run_errorCount_createdAt_idx" ON "Run"("errorCount", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Turn_runId_index_key" ON "Turn"("runId", "index");

-- CreateIndex
CREATE INDEX "ProviderCall_startedAt_idx" ON "ProviderCall"("startedAt");

-- CreateIndex
CREATE INDEX "ProviderCall_provider_modelRequested_startedAt_idx" ON "ProviderCall"("provider", "modelRequested", "startedAt");

-- CreateIndex
CREATE INDEX "ProviderCall_errorKind_startedAt_idx" ON "ProviderCall"("errorKind", "startedAt");

-- CreateIndex
CREATE INDEX "ProviderCall_runId_startedAt_idx" ON "ProviderCall"("runId", "startedAt");

-- CreateIndex
CREATE INDEX "ProviderCall_turnId_idx" ON "ProviderCall"("turnId");

-- CreateIndex
CREATE INDEX "Message_turnId_idx" ON "Message"("turnId");

-- CreateIndex
CREATE UNIQUE INDEX "Message_runId_position_key" ON "Message"("runId", "position");

-- CreateIndex
CREATE INDEX "ToolCall_runId_startedAt_idx" ON "ToolCall"("runId", "startedAt");

-- CreateIndex
CREATE INDEX "ToolCall_turnId_idx" ON "ToolCall"("turnId");

-- CreateIndex
CREATE INDEX "ToolCall_name_startedAt_idx" ON "ToolCall"("name", "startedAt");

-- CreateIndex
CREATE INDEX "ReasoningTrace_runId_createdAt_idx" ON "ReasoningTrace"("runId", "createdAt");

-- CreateIndex
CREATE INDEX "ReasoningTrace_turnId_idx" ON "ReasoningTrace"("turnId");

-- CreateIndex
CREATE INDEX "ErrorArtifact_runId_turnIndex_idx" ON "ErrorArtifact"("runId", "turnIndex");

-- CreateIndex
CREATE INDEX "ErrorArtifact_kind_createdAt_idx" ON "ErrorArtifact"("kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RunEvent_runId_seq_key" ON "RunEvent"("runId", "seq");

-- AddForeignKey
ALTER TABLE "Turn" ADD CONSTRAINT "Turn_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderCall" ADD CONSTRAINT "ProviderCall_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderCall" ADD CONSTRAINT "ProviderCall_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ToolCall" ADD CONSTRAINT "ToolCall_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ToolCall" ADD CONSTRAINT "ToolCall_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReasoningTrace" ADD CONSTRAINT "ReasoningTrace_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReasoningTrace" ADD CONSTRAINT "ReasoningTrace_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ErrorArtifact" ADD CONSTRAINT "ErrorArtifact_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ErrorArtifact" ADD CONSTRAINT "ErrorArtifact_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunEvent" ADD CONSTRAINT "RunEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
