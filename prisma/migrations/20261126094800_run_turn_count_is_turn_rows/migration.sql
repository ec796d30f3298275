-- Run.turnCount counts the run's Turn rows (lib/runs/README.md, "What the run page shows").
-- Runs recorded before counted provider calls instead: a fallback turn twice, a turn a worker
-- died in not at all. Recount them from their rows (no schema change).
UPDATE "Run" AS r
SET "turnCount" = t.turns
FROM (SELECT "runId", count(*)::int AS turns FROM "Turn" GROUP BY "runId") AS t
WHERE t."runId" = r.id AND r."turnCount" <> t.turns;
