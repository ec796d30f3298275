// Integration: the conductor's fenced writes against the migrated test database — a run is written
// only while it is `running` with this worker's id, and each write commits its rows together.
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Message } from '@/lib/providers/core/types';
import { createDatabase } from './database';
import { FencedRun, RunLostError } from './fenced-run';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => db.$disconnect());

async function queuedRun() {
  return db.run.create({ data: { task: 't', profileName: 'p', provider: 'simulator', runtime: 'openai-chat', model: 'm', profile: {} } });
}

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
    expect(await db.turn.findUniqueOrThrow({ where: { id: turn.id } })).toMatchObject({ status: 'succeeded', finishReason: 'stop' });
    expect(await fenced.conversation()).toEqual([reply]);
    expect(await fenced.lastTurnSucceededWithoutToolResults()).toBe(true);
    const events = await db.runEvent.findMany({ where: { runId: id } });
    expect(events.map((event) => [event.type, event.payload])).toEqual([['status', { status: 'succeeded' }]]);
  });

  it('writes nothing once the run was taken from it, and says so', async () => {
    const { id } = await queuedRun();
    const fenced = (await FencedRun.claim(db, id, 'worker-a'))!;
    const turn = await fenced.startTurn(0);
    await sweep(id);

    await expect(fenced.finishTurn(turn, { status: 'succeeded', finishReason: 'stop', messages: [reply] })).rejects.toBeInstanceOf(RunLostError);
    expect(fenced.isLost).toBe(true);
    await expect(fenced.startTurn(1)).rejects.toBeInstanceOf(RunLostError);
    await expect(fenced.finish({ status: 'succeeded' })).rejects.toBeInstanceOf(RunLostError);

    expect(await db.run.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'interrupted', turnCount: 1 });
    expect(await db.turn.findUniqueOrThrow({ where: { id: turn.id } })).toMatchObject({ status: 'running' });
    expect(await db.message.count({ where: { runId: id } })).toBe(0);
    expect(await db.runEvent.count({ where: { runId: id } })).toBe(0);
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
    await fenced.finish({ status: 'failed', error: { kind: 'internal', message }, failedTurn: { turn, stack: 'Error: a bug\n    at ./lib/agent/conductor.ts:1:1' } });

    const run = await db.run.findUniqueOrThrow({ where: { id } });
    expect(run).toMatchObject({ status: 'failed', errorKind: 'internal' });
    expect(run.errorMessage).toHaveLength(2000);
    expect(await db.turn.findUniqueOrThrow({ where: { id: turn.id } })).toMatchObject({ status: 'failed', finishReason: 'error' });
    const [artifact] = await db.errorArtifact.findMany({ where: { runId: id } });
    expect(artifact).toMatchObject({ kind: 'internal', turnIndex: 0, httpStatus: null });
    expect(artifact!.payload).toMatchObject({ runId: id, turn: 0, kind: 'internal', message, stack: 'Error: a bug\n    at ./lib/agent/conductor.ts:1:1' });
    const [event] = await db.runEvent.findMany({ where: { runId: id } });
    expect(event!.payload).toEqual({ status: 'failed', errorKind: 'internal', message });
  });
});
