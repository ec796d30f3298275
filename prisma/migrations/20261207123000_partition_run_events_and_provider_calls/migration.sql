-- RunEvent and ProviderCall — the tables that grow with every chunk and attempt — become partitioned
-- by the month their run was created, so that retention drops whole months (lib/store/run-retention.ts).
-- The partition key is "runId": run ids are UUIDv7, whose first 48 bits are the creation time in ms,
-- so RANGE ("runId") from the first id of a month to the first id of the next holds exactly the rows
-- of the runs created that month — every row of a run in one partition, every query and cascade by
-- run pruned to it. Months are UTC; a partition is named <table>_YYYY_MM. A DEFAULT partition takes
-- what no month partition holds (lib/store/run-partitions.ts says why and empties it).
-- Rows are copied, not rewritten: every row keeps its values, RunEvent ids continue their sequence.

-- The old tables step aside; their index names go to the new ones.
ALTER TABLE "RunEvent" RENAME TO "RunEvent_unpartitioned";
ALTER TABLE "RunEvent_unpartitioned" RENAME CONSTRAINT "RunEvent_pkey" TO "RunEvent_unpartitioned_pkey";
DROP INDEX "RunEvent_runId_seq_key";
ALTER SEQUENCE "RunEvent_id_seq" OWNED BY NONE;

ALTER TABLE "ProviderCall" RENAME TO "ProviderCall_unpartitioned";
ALTER TABLE "ProviderCall_unpartitioned" RENAME CONSTRAINT "ProviderCall_pkey" TO "ProviderCall_unpartitioned_pkey";
DROP INDEX "ProviderCall_startedAt_idx";
DROP INDEX "ProviderCall_recordedAt_idx";
DROP INDEX "ProviderCall_provider_modelRequested_startedAt_idx";
DROP INDEX "ProviderCall_errorKind_startedAt_idx";
DROP INDEX "ProviderCall_runId_startedAt_idx";
DROP INDEX "ProviderCall_turnId_idx";

-- The partitioned tables: the same columns, in the same order, with the same defaults.
CREATE TABLE "RunEvent" (LIKE "RunEvent_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("runId");
ALTER SEQUENCE "RunEvent_id_seq" OWNED BY "RunEvent"."id";
CREATE TABLE "ProviderCall" (LIKE "ProviderCall_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("runId");

CREATE TABLE "RunEvent_default" PARTITION OF "RunEvent" DEFAULT;
CREATE TABLE "ProviderCall_default" PARTITION OF "ProviderCall" DEFAULT;

-- A month partition for every month a run was created in (from 2000 on) and for this month and the
-- two ahead (the workers keep creating them: lib/store/run-partitions.ts, the same names and bounds).
DO $$
DECLARE
  this_month timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
  month timestamp;
  parent text;
BEGIN
  FOR month IN
    SELECT DISTINCT months.start FROM (
      SELECT date_trunc('month', to_timestamp(('x' || left(replace("id"::text, '-', ''), 12))::bit(48)::bigint / 1000.0) AT TIME ZONE 'UTC') AS start
      FROM "Run"
      UNION ALL
      SELECT this_month + make_interval(months => ahead) FROM generate_series(0, 2) AS ahead
    ) AS months
    WHERE months.start >= timestamp '2000-01-01' AND months.start <= this_month + interval '2 months'
    ORDER BY months.start
  LOOP
    FOREACH parent IN ARRAY ARRAY['RunEvent', 'ProviderCall'] LOOP
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        parent || '_' || to_char(month, 'YYYY_MM'),
        parent,
        (lpad(to_hex((extract(epoch FROM month) * 1000)::bigint), 12, '0') || '00000000000000000000')::uuid,
        (lpad(to_hex((extract(epoch FROM month + interval '1 month') * 1000)::bigint), 12, '0') || '00000000000000000000')::uuid
      );
    END LOOP;
  END LOOP;
END $$;

-- Every row, routed to its partition.
INSERT INTO "RunEvent" SELECT * FROM "RunEvent_unpartitioned";
INSERT INTO "ProviderCall" SELECT * FROM "ProviderCall_unpartitioned";
DROP TABLE "RunEvent_unpartitioned";
DROP TABLE "ProviderCall_unpartitioned";

-- Keys include the partition key (Postgres requires it of a partitioned table's unique constraints):
-- a run's events are unique by (runId, seq) as before; a call by (id, runId).
ALTER TABLE "RunEvent" ADD CONSTRAINT "RunEvent_pkey" PRIMARY KEY ("runId", "seq");
ALTER TABLE "ProviderCall" ADD CONSTRAINT "ProviderCall_pkey" PRIMARY KEY ("id", "runId");

-- CreateIndex
CREATE INDEX "ProviderCall_startedAt_idx" ON "ProviderCall"("startedAt");

-- CreateIndex
CREATE INDEX "ProviderCall_recordedAt_idx" ON "ProviderCall"("recordedAt");

-- CreateIndex
CREATE INDEX "ProviderCall_provider_modelRequested_startedAt_idx" ON "ProviderCall"("provider", "modelRequested", "startedAt");

-- CreateIndex
CREATE INDEX "ProviderCall_errorKind_startedAt_idx" ON "ProviderCall"("errorKind", "startedAt");

-- CreateIndex
CREATE INDEX "ProviderCall_runId_startedAt_idx" ON "ProviderCall"("runId", "startedAt");

-- CreateIndex
CREATE INDEX "ProviderCall_turnId_idx" ON "ProviderCall"("turnId");

-- AddForeignKey
ALTER TABLE "RunEvent" ADD CONSTRAINT "RunEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderCall" ADD CONSTRAINT "ProviderCall_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A call's turn is referenced by (turnId, runId): the cascade from a deleted turn then reads only
-- its run's partition, not every month's.
-- CreateIndex
CREATE UNIQUE INDEX "Turn_id_runId_key" ON "Turn"("id", "runId");

-- AddForeignKey
ALTER TABLE "ProviderCall" ADD CONSTRAINT "ProviderCall_turnId_runId_fkey" FOREIGN KEY ("turnId", "runId") REFERENCES "Turn"("id", "runId") ON DELETE CASCADE ON UPDATE CASCADE;

-- The cascade from a deleted turn (retention deletes runs, and their turns with them) looks its
-- error artifacts up by turnId: without this index each deleted turn scanned the whole table.
-- CreateIndex
CREATE INDEX "ErrorArtifact_turnId_idx" ON "ErrorArtifact"("turnId");

-- CreateTable
CREATE TABLE "RetentionSweep" (
    "id" UUID NOT NULL,
    "removedBefore" TIMESTAMPTZ(3) NOT NULL,
    "retentionDays" INTEGER NOT NULL,
    "partitions" TEXT[],
    "runs" INTEGER NOT NULL,
    "callsUntil" TIMESTAMPTZ(3),
    "sweptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetentionSweep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetentionSweep_removedBefore_idx" ON "RetentionSweep"("removedBefore");
