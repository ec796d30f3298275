import { afterAll, describe, expect, it, inject } from 'vitest';
import { closeDatabase, createDatabase } from './database';
import { runLogReads } from './run-log-reads';
import { createBareRun } from './testing/bare-run';
import { countStatements } from './testing/statement-counter';

const db = createDatabase(inject('databaseUrl'));
const statements = countStatements(db);
const reads = runLogReads(db);
afterAll(() => closeDatabase(db));

async function runWithEvents(count: number, status: 'running' | 'succeeded' = 'running') {
  const run = await createBareRun(db, {
    model: 'run-log-reads-test',
    status,
    ...(status === 'succeeded' ? { finishedAt: new Date() } : {}),
  });
  for (let seq = 0; seq < count; seq++)
    await db.runEvent.create({ data: { runId: run.id, seq, type: 'text-delta', payload: { text: `${run.id.slice(-4)}:${seq}` } } });
  return run;
}

describe('runLogReads', () => {
  it('reads the logs of several runs asked for at once in one statement, each after its own cursor and within its own limit', async () => {
    const [a, b, c] = [await runWithEvents(5), await runWithEvents(3), await runWithEvents(0)];
    statements.take();
    const [fromA, fromB, fromC, fromAAgain] = await Promise.all([
      reads.eventsAfter(a.id, 1, 2),
      reads.eventsAfter(b.id, -1, 500),
      reads.eventsAfter(c.id, -1, 500),
      reads.eventsAfter(a.id, 3, 500),
    ]);
    expect(statements.take()).toHaveLength(1);
    expect(fromA.map((event) => event.seq)).toEqual([2, 3]);
    expect(fromA[0]).toEqual({ seq: 2, type: 'text-delta', payload: { text: `${a.id.slice(-4)}:2` }, createdAt: expect.any(String) });
    expect(new Date(fromA[0]!.createdAt).toISOString()).toBe(fromA[0]!.createdAt);
    expect(fromB.map((event) => event.seq)).toEqual([0, 1, 2]);
    expect(fromC).toEqual([]);
    expect(fromAAgain.map((event) => event.seq)).toEqual([4]);
  });

  it('reads the rows of several runs at once: status and end, null for a run that does not exist', async () => {
    const running = await runWithEvents(0);
    const ended = await runWithEvents(0, 'succeeded');
    statements.take();
    const [a, b, missing, upper] = await Promise.all([
      reads.runState(running.id),
      reads.runState(ended.id),
      reads.runState('0199d2c4-7a1e-7b3c-9f00-1234567890ab'),
      reads.runState(ended.id.toUpperCase()),
    ]);
    expect(statements.take()).toHaveLength(1);
    expect(a).toEqual({ status: 'running', finishedAt: null });
    expect(b).toEqual({ status: 'succeeded', finishedAt: expect.any(Date) });
    expect(missing).toBeNull();
    expect(upper).toEqual(b);
  });

  it('answers a run id that is not a UUID with nothing, without a statement that would fail the others read with it', async () => {
    const run = await runWithEvents(2);
    statements.take();
    const [bad, good, badState] = await Promise.all([
      reads.eventsAfter('x\'); DROP TABLE "Run"; --', -1, 500),
      reads.eventsAfter(run.id, -1, 500),
      reads.runState('not-a-uuid'),
    ]);
    expect(bad).toEqual([]);
    expect(badState).toBeNull();
    expect(good.map((event) => event.seq)).toEqual([0, 1]);
    expect(statements.take()).toHaveLength(1);
  });

  it('finds the last status event up to a seq, where a reconnect continues', async () => {
    const run = await runWithEvents(0);
    const status = (seq: number, type: string, payload: object) => db.runEvent.create({ data: { runId: run.id, seq, type, payload } });
    await status(0, 'status', { status: 'queued' });
    await status(1, 'run-updated', { status: 'running' });
    await status(2, 'text-delta', { text: 'a' });
    await status(3, 'status', { status: 'succeeded' });
    expect(await reads.lastStatusEventUpTo(run.id, 2)).toMatchObject({ seq: 1, type: 'run-updated', payload: { status: 'running' } });
    expect(await reads.lastStatusEventUpTo(run.id, 3)).toMatchObject({ seq: 3, type: 'status' });
    expect(await reads.lastStatusEventUpTo(run.id, -1)).toBeNull();
    expect(await reads.lastStatusEventUpTo('r', 3)).toBeNull();
  });
});
