import type { Message } from '@/lib/providers/core/types';
import { redact, redactText } from '@/lib/redaction/redact';
import { WRITE_TRANSACTION_OPTIONS, type Database } from './database';
import { internalErrorArtifact, type TurnRef } from './error-artifacts';
import type { Prisma, Run } from './generated/prisma/client';
import { recordProviderCall, type RecordedCall } from './provider-calls';
import type { ReplayDivergence, RunEventInput } from '@/lib/run-events/schema';
import { appendRunEventsInTransaction, RunEventWriter } from './run-event-writer';
import { runUpdatedEvent, turnSummaryEvent } from './run-views';
import { insertToolCalls, recordedToolCallsByTurn, type RecordedToolCall, type ToolCallRecord } from './tool-calls';
import { appendMessages, loadConversation } from './transcript';

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
 * A run while a worker holds it: `running` with this worker's id. Each write is one unit of work
 * that first refreshes the heartbeat of the run *if it is still ours* (row-locking it until the
 * commit, so the sweeper cannot interleave) and then writes its rows: a worker that lost its run —
 * it stalled past the stale threshold and the run was marked interrupted, maybe resumed elsewhere —
 * writes nothing more to it, and the write throws `RunLostError`. A write that changes the run's
 * row or a turn's says so in the run log in the same transaction, after the events before it:
 * `run-updated` (the header's fields) and `turn-summary` (the turn's strip and artifacts).
 *
 * Each unit is an interactive transaction today; each is shaped so that it can become one SQL
 * statement (the ownership check and the rows together).
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
  ) {}

  /**
   * Takes a queued run for this worker; null when another worker (or a duplicate job) has it.
   * `startedAt` is set by the first claim only: a resumed run keeps the time it first started (the
   * `running` status event with `resumed: true` says when it continued).
   */
  static async claim(db: Database, runId: string, workerId: string): Promise<FencedRun | null> {
    const now = new Date();
    const claimed = await db.$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({
        where: { id: runId, status: 'queued' },
        data: { status: 'running', workerId, heartbeatAt: now },
      });
      if (count !== 1) return false;
      await tx.run.updateMany({ where: { id: runId, status: 'running', workerId, startedAt: null }, data: { startedAt: now } });
      // No writer holds the run's log yet (the claim is what makes one): the event goes after its last.
      await appendRunEventsInTransaction(tx, runId, [await runUpdatedEvent(tx, runId)]);
      return true;
    }, WRITE_TRANSACTION_OPTIONS);
    if (!claimed) return null;
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    return new FencedRun(db, run, workerId, await RunEventWriter.open(db, runId));
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
    return loadConversation(this.db, this.id);
  }

  /**
   * The index the run's next turn takes: after its last turn (a resumed run continues after them);
   * a fork with no turn of its own yet continues after the parent turn it was forked at.
   */
  async nextTurnIndex(): Promise<number> {
    const last = await this.db.turn.aggregate({ where: { runId: this.id }, _max: { index: true } });
    if (last._max.index !== null) return last._max.index + 1;
    return this.run.forkedAtTurn === null ? 0 : this.run.forkedAtTurn + 1;
  }

  /** A replay's model left the recording: the row says where (the header shows it), with its `run-updated` event. */
  recordReplayDivergence(divergence: ReplayDivergence): Promise<void> {
    return this.write(async (tx) => {
      await tx.run.update({ where: { id: this.id }, data: { replayDivergence: redact(divergence) as object } });
      return { result: undefined, events: [await runUpdatedEvent(tx, this.id)] };
    });
  }

  /** Whether the run's last turn succeeded without tool results (its reply was the final answer). */
  async lastTurnSucceededWithoutToolResults(): Promise<boolean> {
    const turn = await this.db.turn.findFirst({
      where: { runId: this.id },
      orderBy: { index: 'desc' },
      select: { id: true, status: true },
    });
    if (turn?.status !== 'succeeded') return false;
    return (await this.db.message.count({ where: { runId: this.id, turnId: turn.id, role: 'tool' } })) === 0;
  }

  /** The tool calls another run recorded, per turn (what a replay serves). */
  recordedToolCallsOf(runId: string): Promise<Map<number, RecordedToolCall[]>> {
    return recordedToolCallsByTurn(this.db, runId);
  }

  /** Messages outside any turn: the opening (system and task), answers to tool calls a dead worker left. */
  appendMessages(messages: Message[]): Promise<void> {
    return this.write(async (tx) => ({ result: await appendMessages(tx, this.id, null, messages), events: [] }));
  }

  /**
   * A new turn, counted at once (run.turnCount = its Turn rows): one a worker died in, or that was
   * cancelled, counts like the others, whatever its provider calls.
   */
  startTurn(index: number): Promise<TurnRef> {
    return this.write(async (tx) => {
      const turn = await tx.turn.create({ data: { runId: this.id, index } });
      await tx.run.update({ where: { id: this.id }, data: { turnCount: { increment: 1 } } });
      return { result: { id: turn.id, index: turn.index }, events: [await runUpdatedEvent(tx, this.id)] };
    });
  }

  /** A call that failed in a way the next profile of the chain takes over from. */
  recordFailedCall(turn: TurnRef, call: RecordedCall): Promise<void> {
    return this.write(async (tx) => {
      await recordProviderCall(tx, this.id, turn, call);
      return { result: undefined, events: await this.changed(tx, turn, true) };
    });
  }

  /**
   * The call and the reply that asks for tool calls, kept before the tools run (the turn goes on):
   * a resume answers any call left without a result.
   */
  recordReply(turn: TurnRef, { call, reply }: { call?: RecordedCall; reply: Message }): Promise<void> {
    return this.write(async (tx) => {
      if (call) await recordProviderCall(tx, this.id, turn, call);
      await appendMessages(tx, this.id, turn.id, [reply]);
      return { result: undefined, events: call ? await this.changed(tx, turn, true) : [] };
    });
  }

  /** The turn's last call, tool calls and messages commit with its status: a turn is done or it is not. */
  finishTurn(turn: TurnRef, end: TurnEnd): Promise<void> {
    return this.write(async (tx) => {
      if (end.call) await recordProviderCall(tx, this.id, turn, end.call);
      if (end.toolCalls) await insertToolCalls(tx, this.id, turn.id, end.toolCalls);
      if (end.messages) await appendMessages(tx, this.id, turn.id, end.messages);
      await tx.turn.update({
        where: { id: turn.id },
        data: { status: end.status, finishedAt: new Date(), finishReason: end.finishReason },
      });
      return { result: undefined, events: await this.changed(tx, turn, !!end.call) };
    });
  }

  /**
   * The run's row and its last events commit together, and only while the run is ours: the failed
   * turn's summary (a failure of our own), the row as it ends (`run-updated`), then the final
   * status — so whoever sees the status has seen the totals it ends with.
   */
  async finish(end: RunEnd): Promise<void> {
    if (this.lost) throw new RunLostError(this.id);
    const error = end.status === 'failed' ? end.error : null;
    await this.events.commitWith(async (tx) => {
      const { count } = await tx.run.updateMany({
        where: this.owned(),
        data: {
          status: end.status,
          finishedAt: new Date(),
          ...(error ? { errorKind: error.kind, errorMessage: redactText(error.message).slice(0, 2000) } : {}),
        },
      });
      if (!count) this.fail();
      const failedTurn = end.status === 'failed' && end.failedTurn ? end.failedTurn : null;
      if (failedTurn && error) await failTurnInternally(tx, this.id, failedTurn.turn, error.message, failedTurn.stack);
      const status: RunEventInput = {
        type: 'status',
        payload: { status: end.status, ...(error ? { errorKind: error.kind, message: error.message } : {}) },
      };
      return {
        result: undefined,
        events: [...(failedTurn ? [await turnSummaryEvent(tx, failedTurn.turn.id)] : []), await runUpdatedEvent(tx, this.id), status],
      };
    });
    await this.events.close();
  }

  /** What a write that changed a turn (and, with a call recorded, the run's totals) says in the log. */
  private async changed(tx: Prisma.TransactionClient, turn: TurnRef, totals: boolean): Promise<RunEventInput[]> {
    return [await turnSummaryEvent(tx, turn.id), ...(totals ? [await runUpdatedEvent(tx, this.id)] : [])];
  }

  private owned() {
    return { id: this.id, status: 'running' as const, workerId: this.workerId };
  }

  private fail(): never {
    this.lost = true;
    throw new RunLostError(this.id);
  }

  /** One unit of work while the run is ours, with the events that describe it (after those appended before it). */
  private write<T>(work: (tx: Prisma.TransactionClient) => Promise<{ result: T; events: RunEventInput[] }>): Promise<T> {
    return this.events.commitWith(async (tx) => {
      const { count } = await tx.run.updateMany({ where: this.owned(), data: { heartbeatAt: new Date() } });
      if (!count) this.fail();
      return work(tx);
    });
  }
}

/** The turn a bug of ours ended (if it was still running) and the artifact that keeps the stack. */
async function failTurnInternally(
  tx: Prisma.TransactionClient,
  runId: string,
  turn: TurnRef,
  message: string,
  stack: string | null,
): Promise<void> {
  await tx.turn.updateMany({
    where: { id: turn.id, status: 'running' },
    data: { status: 'failed', finishedAt: new Date(), finishReason: 'error' },
  });
  await tx.errorArtifact.create({
    data: {
      runId,
      turnId: turn.id,
      turnIndex: turn.index,
      kind: 'internal',
      httpStatus: null,
      payload: internalErrorArtifact(runId, turn, message, stack) as object,
    },
  });
}
