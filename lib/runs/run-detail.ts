import 'server-only';
import type { ErrorArtifactView, ProviderCallView, ReplayDivergence, RunEventRecord, TurnView } from '@/lib/run-events/schema';
import { SNAPSHOT_READ_OPTIONS, type Database } from '@/lib/store/database';
import type { Run as RunRow } from '@/lib/store/generated/prisma/client';
import { artifactForPeople, errorArtifactViewOf, providerCallViewOf, runUpdateOf, turnViewOf } from '@/lib/store/run-views';
import type { RunListItem } from './list-runs';

/** What the run page shows and `GET /api/runs/[id]` answers: plain JSON (ISO dates, numbers). */

/** The list's row (minus its duration and task preview) plus what only the run page shows. */
export type RunSummary = Omit<RunListItem, 'durationMs'> & {
  /** What the providers reported the run's attempts cost (OpenRouter), apart from our estimate `costUsd`; null when none did. */
  providerCostUsd: number | null;
  errorMessage: string | null;
  resumeCount: number;
  cancelRequestedAt: string | null;
  /** Set for a run loaded with `npm run import`: the id it had where it was recorded (a read-only archive). */
  importedFromId: string | null;
  importedAt: string | null;
  /** A fork or replay: the run it came from (null once deleted) and how. */
  lineage: RunLineage | null;
  /** The forks and replays made from this run, oldest first. */
  descendants: RunDescendant[];
  /** The comparisons this run stands in, newest first. */
  comparisons: { id: string; kind: string }[];
  /** A replay: where its model first left the recording; null while it has not. */
  replayDivergence: ReplayDivergence | null;
};

export type RunLineage = {
  kind: 'fork' | 'replay';
  parentRunId: string | null;
  forkedAtTurn: number | null;
  replayMode: 'stop' | 'continue' | null;
};
export type RunDescendant = { id: string; kind: 'fork' | 'replay'; forkedAtTurn: number | null; profileName: string; status: string };

export type { ErrorArtifactView, ProviderCallView, TurnView };

export type RunDetail = { run: RunSummary; turns: TurnView[]; errorArtifacts: ErrorArtifactView[] };

/** What the run reads need of the database: the handle or a transaction. */
type Reader = Pick<Database, 'run' | 'turn' | 'providerCall' | 'errorArtifact' | 'runEvent' | 'comparisonMember'>;

export async function getRunDetail(db: Reader, runId: string): Promise<RunDetail | null> {
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) return null;
  const [summary, turns, calls, artifacts] = await Promise.all([
    runSummaryOf(db, run),
    db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' } }),
    db.providerCall.findMany({ where: { runId }, orderBy: [{ startedAt: 'asc' }, { attempt: 'asc' }] }),
    db.errorArtifact.findMany({ where: { runId }, orderBy: [{ turnIndex: 'asc' }, { createdAt: 'asc' }] }),
  ]);
  const turnIndex = new Map(turns.map((turn) => [turn.id, turn.index]));
  const callViews = calls.map((call) => providerCallViewOf(call, turnIndex.get(call.turnId) ?? -1));
  return {
    run: summary,
    turns: turns.map((turn) =>
      turnViewOf(
        turn,
        callViews.filter((call) => call.turnIndex === turn.index),
      ),
    ),
    errorArtifacts: artifacts.map(errorArtifactViewOf),
  };
}

/** The run's header alone (a comparison's live column): no turns, attempts or artifacts. */
export async function getRunSummary(db: Reader, runId: string): Promise<RunSummary | null> {
  const run = await db.run.findUnique({ where: { id: runId } });
  return run && runSummaryOf(db, run);
}

/** A fork's or replay's origin as its row records it; null for a run started from a task. */
export function runLineageOf(run: Pick<RunRow, 'lineage' | 'parentRunId' | 'forkedAtTurn' | 'replayMode'>): RunLineage | null {
  if (!run.lineage) return null;
  return {
    kind: run.lineage as RunLineage['kind'],
    parentRunId: run.parentRunId,
    forkedAtTurn: run.forkedAtTurn,
    replayMode: run.replayMode as RunLineage['replayMode'],
  };
}

async function runSummaryOf(db: Reader, run: RunRow): Promise<RunSummary> {
  const [descendants, memberships] = await Promise.all([
    db.run.findMany({
      where: { parentRunId: run.id },
      orderBy: { createdAt: 'asc' },
      select: { id: true, lineage: true, forkedAtTurn: true, profileName: true, status: true },
    }),
    db.comparisonMember.findMany({
      where: { runId: run.id },
      orderBy: { comparison: { createdAt: 'desc' } },
      select: { comparison: { select: { id: true, kind: true } } },
    }),
  ]);
  return {
    id: run.id,
    task: run.task,
    profileName: run.profileName,
    provider: run.provider,
    runtime: run.runtime,
    model: run.model,
    createdAt: run.createdAt.toISOString(),
    importedFromId: run.importedFromId,
    importedAt: run.importedAt?.toISOString() ?? null,
    lineage: runLineageOf(run),
    descendants: descendants.map((child) => ({
      id: child.id,
      kind: child.lineage as RunDescendant['kind'],
      forkedAtTurn: child.forkedAtTurn,
      profileName: child.profileName,
      status: child.status,
    })),
    comparisons: memberships.map((member) => member.comparison),
    ...runUpdateOf(run),
  };
}

/** The run's events with seq > after, in order (the page's first render and `?events=1`). */
export async function listRunEvents(db: Reader, runId: string, after = -1): Promise<RunEventRecord[]> {
  const rows = await db.runEvent.findMany({
    where: { runId, seq: { gt: after } },
    orderBy: { seq: 'asc' },
    select: { seq: true, type: true, payload: true, createdAt: true },
  });
  return rows.map((row) => ({ seq: row.seq, type: row.type, payload: row.payload, createdAt: row.createdAt.toISOString() }));
}

/**
 * The run page's first render: the run's rows and its log as of one snapshot, so the rows are
 * neither older nor newer than the last event the page replays (the live stream continues after it).
 */
export function getRunPage(db: Database, runId: string): Promise<{ detail: RunDetail; events: RunEventRecord[] } | null> {
  return db.$transaction(async (tx) => {
    const detail = await getRunDetail(tx, runId);
    return detail && { detail, events: await listRunEvents(tx, runId) };
  }, SNAPSHOT_READ_OPTIONS);
}

/**
 * The JSON downloaded as `errors/turn_<n>.json`: the turn's artifact, or — when a fallback chain
 * failed on several profiles in that turn — an array of them in the order they happened.
 */
export async function getErrorArtifactDocument(db: Database, runId: string, turnIndex: number): Promise<unknown | null> {
  const artifacts = await db.errorArtifact.findMany({
    where: { runId, turnIndex },
    orderBy: { createdAt: 'asc' },
    select: { payload: true },
  });
  if (!artifacts.length) return null;
  const payloads = artifacts.map((artifact) => artifactForPeople(artifact.payload, turnIndex));
  return payloads.length === 1 ? payloads[0] : payloads;
}

/** The run's id and status; null when there is no such run. */
export function findRunStatus(db: Database, runId: string): Promise<{ id: string; status: string } | null> {
  return db.run.findUnique({ where: { id: runId }, select: { id: true, status: true } });
}
