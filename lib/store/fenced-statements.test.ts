// Integration: the fenced statements against the migrated test database. A write to a run that is
// not this worker's any more writes nothing at all — not a row, not an event, not a NOTIFY, not even
// its heartbeat — whichever write it is and whoever has the run; a write waiting on the row while the
// sweeper takes the run finds it taken; the events of the writes land in order, each write's NOTIFYed;
// and what the events say is what the rows say.
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Message } from '@/lib/providers/core/types';
import type { ReplayDivergence } from '@/lib/run-events/schema';
import { waitUntil } from '@/test/wait-until';
import { closeDatabase, createDatabase, sqlPool } from './database';
import { claimRun } from './fenced-statements';
import { FencedRun, RunLostError, type TurnRef } from './fenced-run';
import { RUN_EVENTS_CHANNEL } from './run-event-writer';
import { runUpdatedEvent, turnSummaryEvent } from './run-views';
import { createBareRun } from './testing/bare-run';
import { listFilesRecord, overloaded, recordedCall, toolCallReply } from './testing/recorded-call';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => closeDatabase(db));

const reply: Message = { role: 'assistant', content: [{ type: 'text', text: 'done' }] };
const toolRecord = listFilesRecord();

const divergence = (turnIndex: number): ReplayDivergence => ({
  turnIndex,
  callIndex: 0,
  expected: { name: 'list_files', arguments: {} },
  asked: { name: 'read_file', arguments: { path: 'README.md' } },
  action: 'stopped',
});

/** Every row of the run, in every table a fenced write writes, and its log. */
async function everythingOf(runId: string) {
  const byId = { orderBy: { id: 'asc' as const }, where: { runId } };
  return {
    run: await db.run.findUniqueOrThrow({ where: { id: runId } }),
    turns: await db.turn.findMany(byId),
    messages: await db.message.findMany(byId),
    providerCalls: await db.providerCall.findMany(byId),
    rateLimitSamples: await db.rateLimitSample.findMany(byId),
    reasoningTraces: await db.reasoningTrace.findMany(byId),
    toolCalls: await db.toolCall.findMany(byId),
    errorArtifacts: await db.errorArtifact.findMany(byId),
    events: await db.runEvent.findMany(byId),
  };
}

/** The NOTIFYs of the run-event channel, per run, until `stop` (which waits for every earlier one). */
async function listen() {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  const notices: { runId: string; lastSeq: number }[] = [];
  const doneChannel = `fenced_statements_test_${process.pid}`;
  let done = false;
  client.on('notification', (message) => {
    if (message.channel === doneChannel) done = true;
    else notices.push(JSON.parse(message.payload!) as { runId: string; lastSeq: number });
  });
  await client.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
  await client.query(`LISTEN ${doneChannel}`);
  return {
    /** The notices of `runId` once every NOTIFY committed before this call has arrived (they arrive in commit order). */
    async of(runId: string) {
      await db.$executeRawUnsafe(`NOTIFY ${doneChannel}`);
      await waitUntil('the NOTIFY sent last', () => done, 15_000);
      done = false;
      return notices.filter((notice) => notice.runId === runId).map((notice) => notice.lastSeq);
    },
    stop: () => client.end(),
  };
}

/** A claimed run with a turn started, and its call recorded (what the later writes of a turn follow). */
async function runInTurn(workerId = 'worker-a'): Promise<{ fenced: FencedRun; turn: TurnRef }> {
  const { id } = await createBareRun(db);
  const fenced = (await FencedRun.claim(db, id, workerId))!;
  const turn = await fenced.startTurn(0);
  return { fenced, turn };
}

/** Each write of a run a worker holds. */
const WRITES: Record<string, (fenced: FencedRun, turn: TurnRef) => Promise<unknown>> = {
  appendMessages: (fenced) => fenced.appendMessages([reply]),
  startTurn: (fenced) => fenced.startTurn(1),
  recordFailedCall: (fenced, turn) => fenced.recordFailedCall(turn, recordedCall({ error: overloaded() })),
  recordReply: (fenced, turn) => fenced.recordReply(turn, { call: recordedCall(), reply: toolCallReply('call_1') }),
  finishTurn: (fenced, turn) =>
    fenced.finishTurn(turn, {
      status: 'succeeded',
      finishReason: 'stop',
      call: recordedCall({ message: reply }),
      toolCalls: [toolRecord],
      messages: [reply],
    }),
  finish: (fenced, turn) =>
    fenced.finish({ status: 'failed', error: { kind: 'internal', message: 'a bug' }, failedTurn: { turn, stack: 'Error: a bug' } }),
  recordReplayDivergence: (fenced, turn) => fenced.recordReplayDivergence(divergence(turn.index)),
};

/** How a worker loses its run: the sweeper marked it interrupted, or it was resumed and another worker claimed it. */
const TAKERS: Record<string, (runId: string) => Promise<void>> = {
  'interrupted by the sweeper': async (runId) => {
    await db.run.update({ where: { id: runId }, data: { status: 'interrupted' } });
  },
  'running on another worker': async (runId) => {
    await db.run.update({ where: { id: runId }, data: { status: 'queued' } });
    expect(await FencedRun.claim(db, runId, 'worker-b')).not.toBeNull();
  },
};

describe('a fenced write to a run that is not ours', () => {
  const cases = Object.keys(TAKERS).flatMap((taken) => Object.keys(WRITES).map((write) => [write, taken] as const));
  it.each(cases)('%s, %s: throws RunLostError and writes nothing, not even the heartbeat', async (write, taken) => {
    const { fenced, turn } = await runInTurn();
    await TAKERS[taken]!(fenced.id);
    const before = await everythingOf(fenced.id);
    const listener = await listen();
    const noticesBefore = await listener.of(fenced.id);

    await expect(WRITES[write]!(fenced, turn)).rejects.toBeInstanceOf(RunLostError);
    expect(fenced.isLost).toBe(true);
    expect(await everythingOf(fenced.id)).toEqual(before);
    expect(await listener.of(fenced.id)).toEqual(noticesBefore);
    await listener.stop();
  });

  it('waits for the sweeper holding the row, then finds the run taken and writes nothing', async () => {
    const { fenced, turn } = await runInTurn();
    const before = await everythingOf(fenced.id);
    const sweeper = new pg.Client({ connectionString: inject('databaseUrl') });
    await sweeper.connect();
    let writing: Promise<unknown>;
    try {
      await sweeper.query('BEGIN');
      await sweeper.query(`UPDATE "Run" SET "status" = 'interrupted' WHERE "id" = $1`, [fenced.id]);
      writing = WRITES.finishTurn!(fenced, turn).then(
        () => 'written',
        (error: unknown) => error,
      );
      // The write is inside its statement, waiting for the row the sweeper holds.
      await waitUntil(
        'the fenced write to wait for the row lock',
        async () => {
          const { rows } = await sweeper.query(
            `SELECT 1 FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid)) AND datname = current_database()`,
          );
          return rows.length > 0;
        },
        15_000,
      );
    } finally {
      await sweeper.query('COMMIT');
      await sweeper.end();
    }

    expect(await writing).toBeInstanceOf(RunLostError);
    expect(await everythingOf(fenced.id)).toEqual({ ...before, run: { ...before.run, status: 'interrupted' } });
  });
});

describe('the claim statement', () => {
  it('claims nothing when the row is not the version the claim was made from', async () => {
    const { id } = await createBareRun(db);
    const before = await everythingOf(id);
    const claimed = await claimRun(sqlPool(db), {
      runId: id,
      workerId: 'worker-a',
      version: '1',
      startedAt: new Date(),
      first: 0,
      events: [{ type: 'status', payload: { status: 'running' }, at: new Date() }],
    });
    expect(claimed).toBeNull();
    expect(await everythingOf(id)).toEqual(before);
  });
});

describe('the events of fenced writes', () => {
  it('land after the events appended before each write and before those appended after, each write NOTIFYed', async () => {
    const listener = await listen();
    const { id } = await createBareRun(db);
    const fenced = (await FencedRun.claim(db, id, 'worker-a'))!;
    fenced.events.append('status', { status: 'running' });
    const turn = await fenced.startTurn(0);
    fenced.events.append('text-delta', { text: 'Listing' });
    const replying = fenced.recordReply(turn, { call: recordedCall(), reply: toolCallReply('call_1') });
    fenced.events.append('tool-call', { id: 'call_1', name: 'list_files', arguments: {} });
    await replying;
    fenced.events.append('tool-result', { id: 'call_1', name: 'list_files', ok: true, result: { files: [] } });
    await fenced.finishTurn(turn, { status: 'succeeded', finishReason: 'tool_calls', toolCalls: [toolRecord], messages: [reply] });
    await fenced.finish({ status: 'succeeded' });

    const events = await db.runEvent.findMany({ where: { runId: id }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => [event.seq, event.type])).toEqual([
      [0, 'run-updated'], // the claim
      [1, 'status'],
      [2, 'run-updated'], // startTurn
      [3, 'text-delta'],
      [4, 'turn-summary'], // recordReply
      [5, 'run-updated'],
      [6, 'tool-call'],
      [7, 'tool-result'],
      [8, 'turn-summary'], // finishTurn
      [9, 'run-updated'], // finish
      [10, 'status'],
    ]);
    // Every event was NOTIFYed, in order; each write's NOTIFY says its own last event.
    const notices = await listener.of(id);
    expect(notices).toEqual([...notices].sort((a, b) => a - b));
    expect(notices.at(-1)).toBe(10);
    for (const seq of [0, 2, 5, 8, 10]) expect(notices).toContain(seq);
    await listener.stop();
  });

  it('of a write that fails (not lost) are not lost: nothing of the write is written, the events before it go with the next flush', async () => {
    const { id } = await createBareRun(db);
    const fenced = (await FencedRun.claim(db, id, 'worker-a'))!;
    await fenced.startTurn(0);
    fenced.events.append('text-delta', { text: 'before the failed write' });
    // A second turn 0 breaks the unique (runId, index): the statement fails whole.
    await expect(fenced.startTurn(0)).rejects.toThrow(/unique|duplicate/i);
    expect(fenced.isLost).toBe(false);
    fenced.events.append('finish', { finishReason: 'stop' });
    await fenced.finish({ status: 'succeeded' });

    const events = await db.runEvent.findMany({ where: { runId: id }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => [event.seq, event.type])).toEqual([
      [0, 'run-updated'],
      [1, 'run-updated'],
      [2, 'text-delta'],
      [3, 'finish'],
      [4, 'run-updated'],
      [5, 'status'],
    ]);
    expect(events[4]!.payload).toMatchObject({ turnCount: 1, status: 'succeeded' });
    expect(await db.turn.count({ where: { runId: id } })).toBe(1);
  });

  it('say what the rows say: each run-updated and turn-summary is the mapping of the rows as the database holds them', async () => {
    const { id } = await createBareRun(db);
    const fenced = (await FencedRun.claim(db, id, 'worker-a'))!;
    const lastEvents = async (count: number) =>
      (await db.runEvent.findMany({ where: { runId: id }, orderBy: { seq: 'desc' }, take: count })).reverse().map((event) => ({
        type: event.type,
        payload: event.payload,
      }));
    /** The events a write made, and the same events read from the rows now (through JSON, as they are stored). */
    const asRead = async (...turnIds: string[]) =>
      JSON.parse(
        JSON.stringify([...(await Promise.all(turnIds.map((turnId) => turnSummaryEvent(db, id, turnId)))), await runUpdatedEvent(db, id)]),
      ) as unknown;

    expect(await lastEvents(1)).toEqual(await asRead());
    const turn = await fenced.startTurn(0);
    expect(await lastEvents(1)).toEqual(await asRead());
    // A refused call: an error artifact, an error counted, no cost.
    await fenced.recordFailedCall(turn, recordedCall({ error: overloaded() }));
    expect(await lastEvents(2)).toEqual(await asRead(turn.id));
    // Someone asks the run to stop while the worker holds it: the next run-updated says so.
    await db.run.update({ where: { id }, data: { cancelRequestedAt: new Date() } });
    await fenced.recordReply(turn, { call: recordedCall(), reply: toolCallReply('call_1') });
    expect(await lastEvents(2)).toEqual(await asRead(turn.id));
    // The cost the provider reported has more decimals than the column keeps: the event says what the row keeps.
    expect((await db.run.findUniqueOrThrow({ where: { id } })).providerCostUsd?.toString()).toBe('0.00012346');
    await fenced.finishTurn(turn, {
      status: 'succeeded',
      finishReason: 'tool_calls',
      call: recordedCall(),
      toolCalls: [toolRecord],
      messages: [reply],
    });
    expect(await lastEvents(2)).toEqual(await asRead(turn.id));
    await fenced.recordReplayDivergence(divergence(0));
    expect(await lastEvents(1)).toEqual(await asRead());
    const second = await fenced.startTurn(1);
    await fenced.finish({
      status: 'failed',
      error: { kind: 'internal', message: `a bug ${'x'.repeat(2100)}` },
      failedTurn: { turn: second, stack: 'Error: a bug' },
    });
    const [summary, updated, status] = await lastEvents(3);
    expect([summary, updated]).toEqual(await asRead(second.id));
    expect(status).toMatchObject({ type: 'status', payload: { status: 'failed', errorKind: 'internal' } });
    expect(updated!.payload).toMatchObject({
      costUsd: 0.004205,
      providerCostUsd: 0.00024692,
      errorCount: 1,
      turnCount: 2,
      cancelRequestedAt: expect.any(String),
    });
  });
});
