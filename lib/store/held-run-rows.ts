import type { RunEventInput } from '@/lib/run-events/schema';
import type { Run, Turn } from './generated/prisma/client';
import { storedJson, type ErrorArtifactRow, type FencedRows, type ProviderCallRow } from './fenced-rows';
import { runAfter, type OwnedRow } from './fenced-statements';
import { errorArtifactViewOf, providerCallViewOf, runUpdateOf, turnViewOf } from './run-views';

type HeldTurn = { turn: Turn; calls: ProviderCallRow[]; artifacts: ErrorArtifactRow[] };

/**
 * The rows of a run as the worker holding it wrote them: the run's row (as claimed, then changed by
 * each write) and the turns it started, with their provider calls and error artifacts. While a worker
 * holds a run it is the only writer of these — but for the row's `cancelRequestedAt`, which the
 * fenced write takes from the row — so a write's `run-updated` and `turn-summary` events are made
 * from them, through the mapping the reads use (run-views.ts), in the same statement as the write
 * instead of read back inside a transaction. Immutable: `after` is the view a write will make, kept
 * once the write committed.
 */
export class HeldRunRows {
  private constructor(
    readonly run: Run,
    private readonly turns: ReadonlyMap<string, HeldTurn>,
  ) {}

  static claimed(run: Run): HeldRunRows {
    return new HeldRunRows(run, new Map());
  }

  /** The rows after a write of `rows` (which the fenced write's statement makes the same way). */
  after(rows: FencedRows): HeldRunRows {
    const run = rows.run ? runAfter(this.run, rows.run) : this.run;
    const turns = new Map(this.turns);
    if (rows.newTurn) {
      const { id, index, startedAt } = rows.newTurn;
      turns.set(id, {
        turn: { id, runId: run.id, index, status: 'running', finishReason: null, startedAt, finishedAt: null },
        calls: [],
        artifacts: [],
      });
    }
    const change = (turnId: string, update: (held: HeldTurn) => HeldTurn) => turns.set(turnId, update(heldTurn(turns, turnId)));
    for (const call of rows.providerCalls ?? []) change(call.turnId, (held) => ({ ...held, calls: [...held.calls, call] }));
    for (const artifact of rows.errorArtifacts ?? []) {
      change(artifact.turnId!, (held) => ({
        ...held,
        artifacts: [...held.artifacts, { ...artifact, payload: storedJson(artifact.payload) }],
      }));
    }
    const end = rows.turnEnd;
    if (end) {
      change(end.id, (held) =>
        end.onlyIfRunning && held.turn.status !== 'running'
          ? held
          : { ...held, turn: { ...held.turn, status: end.status, finishReason: end.finishReason, finishedAt: end.finishedAt } },
      );
    }
    return new HeldRunRows(run, turns);
  }

  /** The rows once the write committed: the run's row with what the statement set itself. */
  committed(owned: OwnedRow): HeldRunRows {
    return new HeldRunRows({ ...this.run, ...owned }, this.turns);
  }

  /** The `run-updated` event of the row (its `cancelRequestedAt` is the row's, in the statement). */
  runUpdated(): RunEventInput {
    return { type: 'run-updated', payload: runUpdateOf(this.run) };
  }

  /** The `turn-summary` event of a turn: its row, its calls (by start, then attempt), its artifacts (by creation). */
  turnSummary(turnId: string): RunEventInput {
    const { turn, calls, artifacts } = heldTurn(this.turns, turnId);
    const byStart = [...calls].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.attempt - b.attempt);
    const byCreation = [...artifacts].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return {
      type: 'turn-summary',
      payload: {
        ...turnViewOf(
          turn,
          byStart.map((call) => providerCallViewOf(call, turn.index)),
        ),
        errorArtifacts: byCreation.map(errorArtifactViewOf),
      },
    };
  }
}

function heldTurn(turns: ReadonlyMap<string, HeldTurn>, turnId: string): HeldTurn {
  const held = turns.get(turnId);
  // The conductor writes only to the turns it started in this hold (a resume starts a new turn).
  if (!held) throw new Error(`turn ${turnId} was not started by this worker's hold of the run`);
  return held;
}
