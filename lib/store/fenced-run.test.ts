// Integration: the conductor's fenced writes against the migrated test database — a run is written
// only while it is `running` with this worker's id, and each write commits its rows together.
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Message } from '@/lib/providers/core/types';
import { createDatabase } from './database';
import { FencedRun, RunLostError } from './fenced-run';
import { createBareRun } from './testing/bare-run';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => db.$disconnect());

const queuedRun = () => createBareRun(db);

/** What the sweeper does to a run whose worker stopped beating. */
async function sweep(runId: string) {
  await db.run.update({ where: { id: runId }, data: { status: 'interrupted' } });
}

const reply: Message = { role: 'assistant', content: [{ type: 'text', text: 'done' }] };

describe('FencedRun', () => {
  it('claims a queued run once: a second worker (or a duplicate job) gets nothing', async () => {
    const { id } = await queuedRun();
    const first = await FencedRun.claim(db, id, 'worker-a');
    expect(first?.run).toMatchObject({ id, status: 'running', workerId: 'worker-a' });
    expect(first?.run.startedAt).toBeInstanceOf(Date);
    expect(await FencedRun.claim(db, id, 'worker-b')).toBeNull();
  });

  it('a resumed run keeps the time it first started', async () => {
    const { id } = await queuedRun();
    const first = (await FencedRun.claim(db, id, 'worker-a'))!;
    await db.run.update({ where: { id }, data: { status: 'queued' } });
    const again = (await FencedRun.claim(db, id, 'worker-b'))!;
    expect(again.run.startedAt).toEqual(first.run.startedAt);
  });

  it('commits a turn with its messages and status, and the run with its final event', async () => {
    const { id } = await queuedRun();
    const fenced = (await FencedRun.claim(db, id, 'worker-a'))!;
    const turn = await fenced.startTurn(0);
    await fenced.finishTurn(turn, { status: 'succeeded', finishReason: 'stop', messages: [reply] });
    await fenced.finish({ status: 'succeeded' });

    expect(await db.run.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'succeeded', turnCount: 1 });
    expect(await db.turn.findUniqueOrThrow({ where: { id_runId: { id: turn.id, runId: id } } })).toMatchObject({
      status: 'succeeded',
      finishReason: 'stop',
    });
    expect(await fenced.conversation()).toEqual([reply]);
    expect(await fenced.lastTurnSucceededWithoutToolResults()).toBe(true);
    // Each write that changed the run's row or a turn says so in the log, in its own transaction.
    const events = await db.runEvent.findMany({ where: { runId: id }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => [event.seq, event.type])).toEqual([
      [0, 'run-updated'],
      [1, 'run-updated'],
      [2, 'turn-summary'],
      [3, 'run-updated'],
      [4, 'status'],
    ]);
    expect(events.map((event) => event.payload)).toEqual([
      expect.objectContaining({ status: 'running', turnCount: 0, startedAt: expect.any(String), finishedAt: null }),
      expect.objectContaining({ status: 'running', turnCount: 1 }),
      expect.objectContaining({ index: 0, status: 'succeeded', finishReason: 'stop', calls: [], errorArtifacts: [] }),
      expect.objectContaining({ status: 'succeeded', turnCount: 1, finishedAt: expect.any(String) }),
      { status: 'succeeded' },
    ]);
  });

  it('events appended before a write come before the events of the write', async () => {
    const { id } = await queuedRun();
    const fenced = (await FencedRun.claim(db, id, 'worker-a'))!;
    const turn = await fenced.startTurn(0);
    fenced.events.append('text-delta', { text: 'streamed before the turn ended' });
    const finishing = fenced.finishTurn(turn, { status: 'succeeded', finishReason: 'stop' });
    fenced.events.append('finish', { finishReason: 'appended while the write was in flight' });
    await finishing;
    await fenced.events.close();
    const events = await db.runEvent.findMany({ where: { runId: id }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => event.type)).toEqual(['run-updated', 'run-updated', 'text-delta', 'turn-summary', 'finish']);
    expect(events.map((event) => event.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('writes nothing once the run was taken from it, and says so', async () => {
    const { id } = await queuedRun();
    const fenced = (await FencedRun.claim(db, id, 'worker-a'))!;
    const turn = await fenced.startTurn(0);
    await sweep(id);

    await expect(fenced.finishTurn(turn, { status: 'succeeded', finishReason: 'stop', messages: [reply] })).rejects.toBeInstanceOf(
      RunLostError,
    );
    expect(fenced.isLost).toBe(true);
    await expect(fenced.startTurn(1)).rejects.toBeInstanceOf(RunLostError);
    await expect(fenced.finish({ status: 'succeeded' })).rejects.toBeInstanceOf(RunLostError);

    expect(await db.run.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'interrupted', turnCount: 1 });
    expect(await db.turn.findUniqueOrThrow({ where: { id_runId: { id: turn.id, runId: id } } })).toMatchObject({ status: 'running' });
    expect(await db.message.count({ where: { runId: id } })).toBe(0);
    // The claim's and the turn's: nothing after the run was taken.
    const events = await db.runEvent.findMany({ where: { runId: id }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => [event.type, (event.payload as { turnCount: number }).turnCount])).toEqual([
      ['run-updated', 0],
      ['run-updated', 1],
    ]);
  });

  it('a run its heartbeat found lost writes no end', async () => {
    const { id } = await queuedRun();
    const fenced = (await FencedRun.claim(db, id, 'worker-a'))!;
    fenced.markLost();
    await expect(fenced.finish({ status: 'succeeded' })).rejects.toBeInstanceOf(RunLostError);
    expect(await db.run.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'running', finishedAt: null });
  });

  it('a failure of our own fails the turn it happened in and keeps an artifact with the stack', async () => {
    const { id } = await queuedRun();
    const fenced = (await FencedRun.claim(db, id, 'worker-a'))!;
    const turn = await fenced.startTurn(0);
    const message = `a bug ${'x'.repeat(2100)}`;
    await fenced.finish({
      status: 'failed',
      error: { kind: 'internal', message },
      failedTurn: { turn, stack: 'Error: a bug\n    at ./lib/agent/conductor.ts:1:1' },
    });

    const run = await db.run.findUniqueOrThrow({ where: { id } });
    expect(run).toMatchObject({ status: 'failed', errorKind: 'internal' });
    expect(run.errorMessage).toHaveLength(2000);
    expect(await db.turn.findUniqueOrThrow({ where: { id_runId: { id: turn.id, runId: id } } })).toMatchObject({
      status: 'failed',
      finishReason: 'error',
    });
    const [artifact] = await db.errorArtifact.findMany({ where: { runId: id } });
    expect(artifact).toMatchObject({ kind: 'internal', turnIndex: 0, httpStatus: null });
    // The stored document says the turn as people count it, like its file name (turn_1.json).
    expect(artifact!.payload).toMatchObject({
      runId: id,
      turn: 1,
      kind: 'internal',
      message,
      stack: 'Error: a bug\n    at ./lib/agent/conductor.ts:1:1',
    });
    // The failed turn (with its artifact), the row as it ended, then the status: one transaction.
    const events = await db.runEvent.findMany({ where: { runId: id, seq: { gte: 2 } }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => event.type)).toEqual(['turn-summary', 'run-updated', 'status']);
    expect(events[0]!.payload).toMatchObject({
      index: 0,
      status: 'failed',
      errorArtifacts: [{ kind: 'internal', file: 'turn_1.json', payload: { turn: 1, stack: expect.any(String) } }],
    });
    expect(events[1]!.payload).toMatchObject({ status: 'failed', errorKind: 'internal', errorMessage: run.errorMessage });
    expect(events[2]!.payload).toEqual({ status: 'failed', errorKind: 'internal', message });
  });
});
