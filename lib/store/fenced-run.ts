import type { Message } from '@/lib/providers/core/types';
import { redact, redactText } from '@/lib/redaction/redact';
import type { ReplayDivergence, RunEventInput } from '@/lib/run-events/schema';
import { sqlPool, type Database } from './database';
import { internalErrorArtifact, type TurnRef } from './error-artifacts';
import type { FencedRows } from './fenced-rows';
import { claimRun, writeFenced } from './fenced-statements';
import type { Prisma, Run } from './generated/prisma/client';
import { HeldRunRows } from './held-run-rows';
import { providerCallWrite, type RecordedCall } from './provider-calls';
import { RunEventWriter } from './run-event-writer';
import { fencedSlots } from './statement-slots';
import { recordedToolCallsByTurn, toolCallRows, type RecordedToolCall, type ToolCallRecord } from './tool-calls';
import { loadConversation, messageRows } from './transcript';
import { newRowId } from './uuid7';

export type { RecordedCall, ToolCallRecord, TurnRef };

/** Thrown when this worker no longer holds the run: nothing more of it may be written. */
export class RunLostError extends Error {
  constructor(runId: string) {
    super(`run ${runId} is no longer held by this worker (it was marked interrupted)`);
  }
}

/** How a turn ends: the call that ended it, the messages it added, the tool calls it ran. */
export type TurnEnd = {
  status: 'succeeded' | 'failed' | 'cancelled';
  finishReason: string;
  call?: RecordedCall;
  toolCalls?: ToolCallRecord[];
  messages?: Message[];
};

/** How a run ends. A failure of our own (`failedTurn`) also fails the turn it happened in and leaves an artifact with the stack. */
export type RunEnd =
  | { status: 'succeeded' | 'cancelled' }
  | { status: 'failed'; error: { kind: string; message: string }; failedTurn?: { turn: TurnRef; stack: string | null } };

/**
 * A run while a worker holds it: `running` with this worker's id. Each write is ONE statement
 * (fenced-statements.ts; the run's end in a transaction of its own) that refreshes the heartbeat of the run *if it is still ours* (row-locking
 * it until the commit, so the sweeper cannot interleave) and writes its rows with it: a worker that
 * lost its run — it stalled past the stale threshold and the run was marked interrupted, maybe
 * resumed elsewhere — writes nothing more to it, and the write throws `RunLostError`. A write that
 * changes the run's row or a turn's says so in the run log in the same statement, after the events
 * before it: `run-updated` (the header's fields) and `turn-summary` (the turn's strip and artifacts),
 * made from the rows as this worker wrote them (held-run-rows.ts).
 */
export class FencedRun {
  private lost = false;

  private constructor(
    private readonly db: Database,
    /** The run as claimed. */
    readonly run: Run,
    private readonly workerId: string,
    /** The run's event log, continued after its last event. */
    readonly events: RunEventWriter,
    /** The run's rows as this worker wrote them, for the events that describe its writes. */
    private held: HeldRunRows,
  ) {}

  /**
   * Takes a queued run for this worker; null when another worker (or a duplicate job) has it.
   * `startedAt` is set by the first claim only: a resumed run keeps the time it first started (the
   * `running` status event with `resumed: true` says when it continued). One read, then one
   * statement that claims the row as it was read (read again if it changed in between).
   */
  static async claim(db: Database, runId: string, workerId: string): Promise<FencedRun | null> {
    for (;;) {
      const [read] = await fencedSlots(sqlPool(db)).run(
        () => db.$queryRaw<(Run & { version: string; lastSeq: number })[]>`
          SELECT r.*, r.xmin::text AS version,
            (SELECT coalesce(max(e."seq"), -1) FROM "RunEvent" AS e WHERE e."runId" = r."id") AS "lastSeq"
          FROM "Run" AS r WHERE r."id" = ${runId}::uuid`,
      );
      if (!read || read.status !== 'queued') return null;
      const { version, lastSeq, ...row } = read;
      const now = new Date();
      const claimed: Run = { ...row, status: 'running', workerId, startedAt: row.startedAt ?? now };
      const first = lastSeq + 1;
      const owned = await claimRun(sqlPool(db), {
        runId,
        workerId,
        version,
        startedAt: now,
        first,
        // No writer holds the run's log yet (the claim is what makes one): the event goes after its last.
        events: [{ ...HeldRunRows.claimed(claimed).runUpdated(), at: now }],
      });
      if (owned) {
        const run = { ...claimed, ...owned };
        return new FencedRun(db, run, workerId, new RunEventWriter(db, runId, first + 1), HeldRunRows.claimed(run));
      }
    }
  }

  get id(): string {
    return this.run.id;
  }

  /** Whether the run was taken from this worker (a write found it gone, or `markLost`). */
  get isLost(): boolean {
    return this.lost;
  }

  /** The worker's heartbeat found the run taken from it. */
  markLost(): void {
    this.lost = true;
  }

  /** The conversation so far (a resumed run's includes its earlier turns). */
  conversation(): Promise<Message[]> {
    return this.read(() => loadConversation(this.db, this.id));
  }

  /**
   * The index the run's next turn takes: after its last turn (a resumed run continues after them);
   * a fork with no turn of its own yet continues after the parent turn it was forked at.
   */
  async nextTurnIndex(): Promise<number> {
    const last = await this.read(() => this.db.turn.aggregate({ where: { runId: this.id }, _max: { index: true } }));
    if (last._max.index !== null) return last._max.index + 1;
    return this.run.forkedAtTurn === null ? 0 : this.run.forkedAtTurn + 1;
  }

  /** A replay's model left the recording: the row says where (the header shows it), with its `run-updated` event. */
  recordReplayDivergence(divergence: ReplayDivergence): Promise<void> {
    return this.write({ run: { set: { replayDivergence: redact(divergence) } } }, (after) => [after.runUpdated()]);
  }

  /** Whether the run's last turn succeeded without tool results (its reply was the final answer). */
  lastTurnSucceededWithoutToolResults(): Promise<boolean> {
    return this.read(async () => {
      const turn = await this.db.turn.findFirst({
        where: { runId: this.id },
        orderBy: { index: 'desc' },
        select: { id: true, status: true },
      });
      if (turn?.status !== 'succeeded') return false;
      return (await this.db.message.count({ where: { runId: this.id, turnId: turn.id, role: 'tool' } })) === 0;
    });
  }

  /** The tool calls another run recorded, per turn (what a replay serves). */
  recordedToolCallsOf(runId: string): Promise<Map<number, RecordedToolCall[]>> {
    return this.read(() => recordedToolCallsByTurn(this.db, runId));
  }

  /** Messages outside any turn: the opening (system and task), answers to tool calls a dead worker left. */
  appendMessages(messages: Message[]): Promise<void> {
    return this.write({ messages: messageRows(null, messages) }, () => []);
  }

  /**
   * A new turn, counted at once (run.turnCount = its Turn rows): one a worker died in, or that was
   * cancelled, counts like the others, whatever its provider calls.
   */
  async startTurn(index: number): Promise<TurnRef> {
    const turn = { id: newRowId(), index };
    await this.write({ newTurn: { ...turn, startedAt: new Date() }, run: { add: { turnCount: 1 } } }, (after) => [after.runUpdated()]);
    return turn;
  }

  /** A call that failed in a way the next profile of the chain takes over from. */
  recordFailedCall(turn: TurnRef, call: RecordedCall): Promise<void> {
    return this.write(providerCallWrite(this.id, turn, call), (after) => changed(after, turn, true));
  }

  /**
   * The call and the reply that asks for tool calls, kept before the tools run (the turn goes on):
   * a resume answers any call left without a result.
   */
  recordReply(turn: TurnRef, { call, reply }: { call?: RecordedCall; reply: Message }): Promise<void> {
    return this.write({ ...(call ? providerCallWrite(this.id, turn, call) : {}), messages: messageRows(turn.id, [reply]) }, (after) =>
      call ? changed(after, turn, true) : [],
    );
  }

  /** The turn's last call, tool calls and messages commit with its status: a turn is done or it is not. */
  finishTurn(turn: TurnRef, end: TurnEnd): Promise<void> {
    const rows: FencedRows = {
      ...(end.call ? providerCallWrite(this.id, turn, end.call) : {}),
      ...(end.toolCalls ? { toolCalls: toolCallRows(turn.id, end.toolCalls) } : {}),
      ...(end.messages ? { messages: messageRows(turn.id, end.messages) } : {}),
      turnEnd: { id: turn.id, status: end.status, finishReason: end.finishReason, finishedAt: new Date(), onlyIfRunning: false },
    };
    return this.write(rows, (after) => changed(after, turn, !!end.call));
  }

  /**
   * The run's row and its last events commit together, and only while the run is ours: the failed
   * turn's summary (a failure of our own), the row as it ends (`run-updated`), then the final
   * status — so whoever sees the status has seen the totals it ends with. It commits once this
   * worker has the statement's result (`confirmed`): a worker killed inside it leaves the run to the
   * sweeper, as one killed before it does.
   */
  async finish(end: RunEnd): Promise<void> {
    if (this.lost) throw new RunLostError(this.id);
    const error = end.status === 'failed' ? end.error : null;
    const failedTurn = end.status === 'failed' && end.failedTurn ? end.failedTurn : null;
    const finishedAt = new Date();
    const rows: FencedRows = {
      run: {
        set: {
          status: end.status,
          finishedAt,
          ...(error ? { errorKind: error.kind, errorMessage: redactText(error.message).slice(0, 2000) } : {}),
        },
      },
      ...(failedTurn && error ? failTurnInternally(this.id, failedTurn.turn, error.message, failedTurn.stack, finishedAt) : {}),
    };
    const status: RunEventInput = {
      type: 'status',
      payload: { status: end.status, ...(error ? { errorKind: error.kind, message: error.message } : {}) },
    };
    await this.write(rows, (after) => [...(failedTurn ? [after.turnSummary(failedTurn.turn.id)] : []), after.runUpdated(), status], {
      confirmed: true,
    });
    await this.events.close();
  }

  /** A read of the conductor's, in the slots of the held runs' statements (statement-slots.ts). */
  private read<T>(query: () => Promise<T>): Promise<T> {
    return fencedSlots(sqlPool(this.db)).run(query);
  }

  private fail(): never {
    this.lost = true;
    throw new RunLostError(this.id);
  }

  /**
   * One write while the run is ours, in one statement with the events that describe it (made from
   * the rows as the write leaves them), after those appended before it (which go in the same statement).
   */
  private write(rows: FencedRows, events: (after: HeldRunRows) => RunEventInput[], { confirmed = false } = {}): Promise<void> {
    return this.events.commitUnit(async (first, before) => {
      const after = this.held.after(rows);
      const at = new Date();
      const written = [...before, ...events(after).map((event) => ({ ...event, at }))];
      const owned = await writeFenced(sqlPool(this.db), {
        runId: this.id,
        workerId: this.workerId,
        rows,
        first,
        events: written,
        confirmed,
      });
      if (!owned) this.fail();
      this.held = after.committed(owned);
      return { result: undefined, written: written.length };
    });
  }
}

/** What a write that changed a turn (and, with a call recorded, the run's totals) says in the log. */
function changed(after: HeldRunRows, turn: TurnRef, totals: boolean): RunEventInput[] {
  return [after.turnSummary(turn.id), ...(totals ? [after.runUpdated()] : [])];
}

/** The turn a bug of ours ended (if it was still running) and the artifact that keeps the stack. */
function failTurnInternally(runId: string, turn: TurnRef, message: string, stack: string | null, finishedAt: Date): FencedRows {
  return {
    turnEnd: { id: turn.id, status: 'failed', finishReason: 'error', finishedAt, onlyIfRunning: true },
    errorArtifacts: [
      {
        id: newRowId(),
        runId,
        turnId: turn.id,
        turnIndex: turn.index,
        kind: 'internal',
        httpStatus: null,
        payload: internalErrorArtifact(runId, turn, message, stack) as Prisma.JsonValue,
        createdAt: new Date(),
      },
    ],
  };
}
