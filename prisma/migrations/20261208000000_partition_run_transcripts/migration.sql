-- A run's whole transcript becomes partitioned by the month its run was created, as RunEvent and
-- ProviderCall already are (20261207123000): Turn, Message, ToolCall, ReasoningTrace, ErrorArtifact
-- and RateLimitSample, RANGE ("runId") with the same month bounds and names <table>_YYYY_MM and a
-- DEFAULT partition each (lib/store/run-partitions.ts keeps them ahead and drains the defaults).
-- Retention then drops a month of all eight tables and deletes only the month's Run rows.
--
-- The eight tables lose their foreign keys to "Run" and "Turn". Each of those keys runs a planned
-- query for every deleted run or turn (a cascade, or the check that detaching a partition makes of
-- every referencing row): measured on 20,000 runs a month, the cascades took 3.9 s to delete them,
-- the detach checks 0.4-1.3 s a month and growing with the tables. The rows are written only by the
-- store's repositories, under the run's fence (a run's rows are written while it is this worker's,
-- so its Run row exists), and removed only by retention, which removes a run's rows of every table.
-- schema.prisma keeps the relations for Prisma Client; scripts/lib/unenforced-relations.mjs says why
-- the schema diff leaves these keys out.
--
-- Keys include the partition key: every table's primary key becomes ("id", "runId"), as
-- ProviderCall's is; "Turn_id_runId_key" is then its primary key.
-- Rows are copied, not rewritten: every row keeps its values.

-- The foreign keys go first (the old tables are dropped below; the keys must not outlive them).
ALTER TABLE "ErrorArtifact" DROP CONSTRAINT "ErrorArtifact_runId_fkey";
ALTER TABLE "ErrorArtifact" DROP CONSTRAINT "ErrorArtifact_turnId_fkey";
ALTER TABLE "Message" DROP CONSTRAINT "Message_runId_fkey";
ALTER TABLE "Message" DROP CONSTRAINT "Message_turnId_fkey";
ALTER TABLE "ProviderCall" DROP CONSTRAINT "ProviderCall_runId_fkey";
ALTER TABLE "ProviderCall" DROP CONSTRAINT "ProviderCall_turnId_runId_fkey";
ALTER TABLE "RateLimitSample" DROP CONSTRAINT "RateLimitSample_runId_fkey";
ALTER TABLE "ReasoningTrace" DROP CONSTRAINT "ReasoningTrace_runId_fkey";
ALTER TABLE "ReasoningTrace" DROP CONSTRAINT "ReasoningTrace_turnId_fkey";
ALTER TABLE "RunEvent" DROP CONSTRAINT "RunEvent_runId_fkey";
ALTER TABLE "ToolCall" DROP CONSTRAINT "ToolCall_runId_fkey";
ALTER TABLE "ToolCall" DROP CONSTRAINT "ToolCall_turnId_fkey";
ALTER TABLE "Turn" DROP CONSTRAINT "Turn_runId_fkey";
DROP INDEX "Turn_id_runId_key";

-- The old tables step aside; their index names go to the new ones.
ALTER TABLE "Turn" RENAME TO "Turn_unpartitioned";
ALTER TABLE "Turn_unpartitioned" RENAME CONSTRAINT "Turn_pkey" TO "Turn_unpartitioned_pkey";
DROP INDEX "Turn_runId_index_key";

ALTER TABLE "Message" RENAME TO "Message_unpartitioned";
ALTER TABLE "Message_unpartitioned" RENAME CONSTRAINT "Message_pkey" TO "Message_unpartitioned_pkey";
DROP INDEX "Message_runId_position_key";
DROP INDEX "Message_turnId_idx";

ALTER TABLE "ToolCall" RENAME TO "ToolCall_unpartitioned";
ALTER TABLE "ToolCall_unpartitioned" RENAME CONSTRAINT "ToolCall_pkey" TO "ToolCall_unpartitioned_pkey";
DROP INDEX "ToolCall_runId_startedAt_idx";
DROP INDEX "ToolCall_turnId_idx";
DROP INDEX "ToolCall_name_startedAt_idx";

ALTER TABLE "ReasoningTrace" RENAME TO "ReasoningTrace_unpartitioned";
ALTER TABLE "ReasoningTrace_unpartitioned" RENAME CONSTRAINT "ReasoningTrace_pkey" TO "ReasoningTrace_unpartitioned_pkey";
DROP INDEX "ReasoningTrace_runId_createdAt_idx";
DROP INDEX "ReasoningTrace_turnId_idx";

ALTER TABLE "ErrorArtifact" RENAME TO "ErrorArtifact_unpartitioned";
ALTER TABLE "ErrorArtifact_unpartitioned" RENAME CONSTRAINT "ErrorArtifact_pkey" TO "ErrorArtifact_unpartitioned_pkey";
DROP INDEX "ErrorArtifact_runId_turnIndex_idx";
DROP INDEX "ErrorArtifact_kind_createdAt_idx";
DROP INDEX "ErrorArtifact_turnId_idx";

ALTER TABLE "RateLimitSample" RENAME TO "RateLimitSample_unpartitioned";
ALTER TABLE "RateLimitSample_unpartitioned" RENAME CONSTRAINT "RateLimitSample_pkey" TO "RateLimitSample_unpartitioned_pkey";
DROP INDEX "RateLimitSample_observedAt_idx";
DROP INDEX "RateLimitSample_provider_model_observedAt_idx";
DROP INDEX "RateLimitSample_account_model_dimension_observedAt_idx";
DROP INDEX "RateLimitSample_runId_idx";

-- The partitioned tables: the same columns, in the same order, with the same defaults.
CREATE TABLE "Turn" (LIKE "Turn_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("runId");
CREATE TABLE "Turn_default" PARTITION OF "Turn" DEFAULT;
CREATE TABLE "Message" (LIKE "Message_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("runId");
CREATE TABLE "Message_default" PARTITION OF "Message" DEFAULT;
CREATE TABLE "ToolCall" (LIKE "ToolCall_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("runId");
CREATE TABLE "ToolCall_default" PARTITION OF "ToolCall" DEFAULT;
CREATE TABLE "ReasoningTrace" (LIKE "ReasoningTrace_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("runId");
CREATE TABLE "ReasoningTrace_default" PARTITION OF "ReasoningTrace" DEFAULT;
CREATE TABLE "ErrorArtifact" (LIKE "ErrorArtifact_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("runId");
CREATE TABLE "ErrorArtifact_default" PARTITION OF "ErrorArtifact" DEFAULT;
CREATE TABLE "RateLimitSample" (LIKE "RateLimitSample_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("runId");
CREATE TABLE "RateLimitSample_default" PARTITION OF "RateLimitSample" DEFAULT;

-- Every month RunEvent has a partition for, each of them gets one: the same bounds, the same suffix.
DO $$
DECLARE
  month record;
  parent text;
BEGIN
  FOR month IN
    SELECT substr(child.relname, length('RunEvent_') + 1) AS suffix, pg_get_expr(child.relpartbound, child.oid) AS bound
    FROM pg_inherits
      JOIN pg_class AS parent_table ON parent_table.oid = pg_inherits.inhparent
      JOIN pg_class AS child ON child.oid = pg_inherits.inhrelid
    WHERE parent_table.relnamespace = current_schema()::regnamespace AND parent_table.relname = 'RunEvent'
      AND pg_get_expr(child.relpartbound, child.oid) <> 'DEFAULT'
    ORDER BY child.relname
  LOOP
    FOREACH parent IN ARRAY ARRAY['Turn', 'Message', 'ToolCall', 'ReasoningTrace', 'ErrorArtifact', 'RateLimitSample'] LOOP
      EXECUTE format('CREATE TABLE %I PARTITION OF %I %s', parent || '_' || month.suffix, parent, month.bound);
    END LOOP;
  END LOOP;
END $$;

-- Every row, routed to its partition.
INSERT INTO "Turn" SELECT * FROM "Turn_unpartitioned";
INSERT INTO "Message" SELECT * FROM "Message_unpartitioned";
INSERT INTO "ToolCall" SELECT * FROM "ToolCall_unpartitioned";
INSERT INTO "ReasoningTrace" SELECT * FROM "ReasoningTrace_unpartitioned";
INSERT INTO "ErrorArtifact" SELECT * FROM "ErrorArtifact_unpartitioned";
INSERT INTO "RateLimitSample" SELECT * FROM "RateLimitSample_unpartitioned";
DROP TABLE "Turn_unpartitioned";
DROP TABLE "Message_unpartitioned";
DROP TABLE "ToolCall_unpartitioned";
DROP TABLE "ReasoningTrace_unpartitioned";
DROP TABLE "ErrorArtifact_unpartitioned";
DROP TABLE "RateLimitSample_unpartitioned";

ALTER TABLE "Turn" ADD CONSTRAINT "Turn_pkey" PRIMARY KEY ("id", "runId");
CREATE UNIQUE INDEX "Turn_runId_index_key" ON "Turn"("runId", "index");

ALTER TABLE "Message" ADD CONSTRAINT "Message_pkey" PRIMARY KEY ("id", "runId");
CREATE UNIQUE INDEX "Message_runId_position_key" ON "Message"("runId", "position");
CREATE INDEX "Message_turnId_idx" ON "Message"("turnId");

ALTER TABLE "ToolCall" ADD CONSTRAINT "ToolCall_pkey" PRIMARY KEY ("id", "runId");
CREATE INDEX "ToolCall_runId_startedAt_idx" ON "ToolCall"("runId", "startedAt");
CREATE INDEX "ToolCall_turnId_idx" ON "ToolCall"("turnId");
CREATE INDEX "ToolCall_name_startedAt_idx" ON "ToolCall"("name", "startedAt");

ALTER TABLE "ReasoningTrace" ADD CONSTRAINT "ReasoningTrace_pkey" PRIMARY KEY ("id", "runId");
CREATE INDEX "ReasoningTrace_runId_createdAt_idx" ON "ReasoningTrace"("runId", "createdAt");
CREATE INDEX "ReasoningTrace_turnId_idx" ON "ReasoningTrace"("turnId");

ALTER TABLE "ErrorArtifact" ADD CONSTRAINT "ErrorArtifact_pkey" PRIMARY KEY ("id", "runId");
CREATE INDEX "ErrorArtifact_runId_turnIndex_idx" ON "ErrorArtifact"("runId", "turnIndex");
CREATE INDEX "ErrorArtifact_kind_createdAt_idx" ON "ErrorArtifact"("kind", "createdAt");
CREATE INDEX "ErrorArtifact_turnId_idx" ON "ErrorArtifact"("turnId");

ALTER TABLE "RateLimitSample" ADD CONSTRAINT "RateLimitSample_pkey" PRIMARY KEY ("id", "runId");
CREATE INDEX "RateLimitSample_observedAt_idx" ON "RateLimitSample"("observedAt");
CREATE INDEX "RateLimitSample_provider_model_observedAt_idx" ON "RateLimitSample"("provider", "model", "observedAt");
CREATE INDEX "RateLimitSample_account_model_dimension_observedAt_idx" ON "RateLimitSample"("account", "model", "dimension", "observedAt");
CREATE INDEX "RateLimitSample_runId_idx" ON "RateLimitSample"("runId");
