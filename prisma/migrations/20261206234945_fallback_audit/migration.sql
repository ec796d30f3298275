-- AlterTable
ALTER TABLE "ProviderCall" ADD COLUMN     "cause" TEXT,
ADD COLUMN     "causeKind" TEXT,
ADD COLUMN     "chainState" JSONB;

-- Attempts recorded before: their cause follows from the attempt before them in the same turn.
UPDATE "ProviderCall" AS c
SET "cause" = CASE WHEN p."errorKind" = 'stream_unsupported' AND NOT c."streamActual" THEN 'stream-fallback' ELSE 'retry' END,
    "causeKind" = p."errorKind"
FROM "ProviderCall" AS p
WHERE p."turnId" = c."turnId" AND p."profileName" = c."profileName" AND p."attempt" = c."attempt" - 1;

-- A turn's attempt 1 on a profile after another profile's attempts: that profile fell back to it.
UPDATE "ProviderCall" AS c
SET "cause" = 'profile-fallback',
    "causeKind" = (
      SELECT p."errorKind" FROM "ProviderCall" AS p
      WHERE p."turnId" = c."turnId" AND p."profileName" <> c."profileName" AND p."startedAt" < c."startedAt"
      ORDER BY p."startedAt" DESC LIMIT 1)
WHERE c."attempt" = 1 AND EXISTS (
  SELECT 1 FROM "ProviderCall" AS p
  WHERE p."turnId" = c."turnId" AND p."profileName" <> c."profileName" AND p."startedAt" < c."startedAt");

-- Retries and fallbacks by reason in the rollups (rebuilt on the next refresh; until then the charts read "ProviderCall").
DELETE FROM "TelemetryRollup";
DELETE FROM "TelemetryRollupState";
ALTER TABLE "TelemetryRollup" ADD COLUMN "causedAttempts" INTEGER NOT NULL, ADD COLUMN "causes" JSONB NOT NULL;
