-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "forkedAtTurn" INTEGER,
ADD COLUMN     "lineage" TEXT,
ADD COLUMN     "parentRunId" UUID,
ADD COLUMN     "replayDivergence" JSONB,
ADD COLUMN     "replayMode" TEXT;

-- AlterTable
ALTER TABLE "ToolCall" ADD COLUMN     "replayed" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Comparison" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Comparison_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComparisonMember" (
    "comparisonId" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ComparisonMember_pkey" PRIMARY KEY ("comparisonId","position")
);

-- CreateIndex
CREATE INDEX "Comparison_createdAt_id_idx" ON "Comparison"("createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "ComparisonMember_runId_idx" ON "ComparisonMember"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "ComparisonMember_comparisonId_runId_key" ON "ComparisonMember"("comparisonId", "runId");

-- CreateIndex
CREATE INDEX "Run_parentRunId_idx" ON "Run"("parentRunId");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_parentRunId_fkey" FOREIGN KEY ("parentRunId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComparisonMember" ADD CONSTRAINT "ComparisonMember_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComparisonMember" ADD CONSTRAINT "ComparisonMember_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
