-- Telemetry that tells the truth (issue 13).
--
-- 1. An attempt counts toward streaming health only when the provider began a stream
--    ("streamStarted": HTTP 2xx with an event stream) or refused streaming itself. Rows recorded
--    before this column: a streaming attempt began its stream when its status was 2xx (a success,
--    or a stream cut / error event after HTTP 200); a 429 page, a connect error, an auth error
--    never began one.
ALTER TABLE "ProviderCall" ADD COLUMN "streamStarted" BOOLEAN NOT NULL DEFAULT false;
UPDATE "ProviderCall" SET "streamStarted" = true WHERE "streamActual" AND "httpStatus" BETWEEN 200 AND 299;
ALTER TABLE "ProviderCall" ALTER COLUMN "streamStarted" DROP DEFAULT;

-- 2. Token counts a provider did not report are null, never 0. Earlier rows stored 0 for both;
--    where the wire format cannot report a count, or the attempt got no usage at all, 0 meant
--    "not reported" and becomes null. A 0 the provider may really have sent stays 0.
ALTER TABLE "ProviderCall"
  ALTER COLUMN "cacheReadTokens" DROP NOT NULL, ALTER COLUMN "cacheReadTokens" DROP DEFAULT,
  ALTER COLUMN "cacheWriteTokens" DROP NOT NULL, ALTER COLUMN "cacheWriteTokens" DROP DEFAULT,
  ALTER COLUMN "reasoningTokens" DROP NOT NULL, ALTER COLUMN "reasoningTokens" DROP DEFAULT;
UPDATE "ProviderCall" SET "cacheReadTokens" = NULL, "cacheWriteTokens" = NULL, "reasoningTokens" = NULL
  WHERE "status" = 'error' AND "inputTokens" = 0 AND "outputTokens" = 0;
UPDATE "ProviderCall" SET "reasoningTokens" = NULL WHERE "runtime" = 'anthropic-messages' AND "reasoningTokens" = 0;
UPDATE "ProviderCall" SET "cacheWriteTokens" = NULL WHERE "runtime" IN ('openai-chat', 'openai-responses') AND "cacheWriteTokens" = 0;

-- 3. The cost the provider reported (OpenRouter `usage.cost`), kept apart from our estimate.
ALTER TABLE "ProviderCall" ADD COLUMN "providerCostUsd" DECIMAL(14,8);
ALTER TABLE "Run" ADD COLUMN "providerCostUsd" DECIMAL(14,8);

-- A run none of whose attempts had a price has no cost (null, shown as "no price"), not $0.
ALTER TABLE "Run" ALTER COLUMN "costUsd" DROP NOT NULL, ALTER COLUMN "costUsd" DROP DEFAULT;
UPDATE "Run" SET "costUsd" = NULL
  WHERE "costUsd" = 0 AND NOT EXISTS (SELECT 1 FROM "ProviderCall" WHERE "ProviderCall"."runId" = "Run"."id" AND "ProviderCall"."costUsd" IS NOT NULL);

-- The rollups take the new definitions: they are rebuilt from "ProviderCall" on the next refresh
-- (until then the charts read "ProviderCall" directly).
DELETE FROM "TelemetryRollup";
DELETE FROM "TelemetryRollupState";
ALTER TABLE "TelemetryRollup" DROP COLUMN "otherStreamErrors",
ADD COLUMN     "cacheNotReported" INTEGER NOT NULL,
ADD COLUMN     "cacheReportedInputTokens" DOUBLE PRECISION NOT NULL,
ADD COLUMN     "cancelledCalls" INTEGER NOT NULL,
ADD COLUMN     "notStartedByKind" JSONB NOT NULL,
ADD COLUMN     "streamCancelled" INTEGER NOT NULL,
ADD COLUMN     "streamHealthAttempts" INTEGER NOT NULL,
ADD COLUMN     "streamNotStarted" INTEGER NOT NULL,
ADD COLUMN     "streamRefused" INTEGER NOT NULL,
ADD COLUMN     "providerCostUsd" DOUBLE PRECISION NOT NULL,
ADD COLUMN     "costComparedEstimate" DOUBLE PRECISION NOT NULL,
ADD COLUMN     "costComparedReported" DOUBLE PRECISION NOT NULL,
ADD COLUMN     "unpricedCalls" INTEGER NOT NULL;
