import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeDatabase, createDatabase } from './database';
import { RUN_EVENTS_CHANNEL, RunEventWriter } from './run-event-writer';
import { createBareRun } from './testing/bare-run';
import { countStatements } from './testing/statement-counter';
import { waitUntil } from '@/test/wait-until';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => closeDatabase(db));

const newRun = () => createBareRun(db);

/** The run's log as it was committed: [seq, type, payload], in order. */
async function logOf(runId: string) {
  const events = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
  return events.map((event) => [event.seq, event.type, event.payload]);
}

describe('RunEventWriter', () => {
  it('batches, coalesces deltas, numbers events in order and NOTIFYs once per batch', async () => {
    const run = await newRun();
    const listener = new pg.Client({ connectionString: inject('databaseUrl') });
    await listener.connect();
    const notices: string[] = [];
    // A NOTIFY of the test's own, sent once the writer is closed: Postgres delivers notifications in
    // the order their transactions committed, so every notice of the writer has arrived before it.
    const doneChannel = `run_event_writer_test_${process.pid}`;
    let doneSeen = false;
    listener.on('notification', (message) => {
      if (message.channel === doneChannel) doneSeen = true;
      else if (JSON.parse(message.payload ?? '{}').runId === run.id) notices.push(message.payload!);
    });
    await listener.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
    await listener.query(`LISTEN ${doneChannel}`);

    const writer = await RunEventWriter.open(db, run.id, { maxDelayMs: 20 });
    writer.append('status', { status: 'running' });
    for (const piece of ['Hel', 'lo', ', ', 'world']) writer.append('text-delta', { text: piece });
    writer.append('tool-call', { id: 'c1', name: 'read_file', arguments: {} });
    writer.append('text-delta', { text: 'after' });
    await writer.close();

    expect(await logOf(run.id)).toEqual([
      [0, 'status', { status: 'running' }],
      [1, 'text-delta', { text: 'Hello, world' }],
      [2, 'tool-call', { id: 'c1', name: 'read_file', arguments: {} }],
      [3, 'text-delta', { text: 'after' }],
    ]);
    await db.$executeRawUnsafe(`NOTIFY ${doneChannel}`);
    await waitUntil('the NOTIFY sent after the writer closed', () => doneSeen, 15_000);
    expect(notices.length).toBe(1);
    expect(JSON.parse(notices[0]!)).toEqual({ runId: run.id, lastSeq: 3 });
    await listener.end();

    const resumed = await RunEventWriter.open(db, run.id);
    resumed.append('status', { status: 'running' });
    await resumed.close();
    expect(await db.runEvent.count({ where: { runId: run.id, seq: 4 } })).toBe(1);
  });

  it('redacts payloads before they are written', async () => {
    const run = await newRun();
    const writer = await RunEventWriter.open(db, run.id);
    writer.append('tool-result', {
      id: 'c1',
      name: 'read_file',
      ok: true,
      result: { output: 'token sk-ant-api03-PLANTEDfakeKEY0123456789abcdef here' },
    });
    await writer.close();
    const [event] = await db.runEvent.findMany({ where: { runId: run.id } });
    expect(JSON.stringify(event!.payload)).not.toContain('PLANTED');
  });

  it('commits a row change with its events after what was appended before; a failed one writes neither and the log goes on', async () => {
    const run = await newRun();
    const writer = await RunEventWriter.open(db, run.id, { maxDelayMs: 1 });
    writer.append('text-delta', { text: 'before' });
    const committed = writer.commitWith(async (tx) => {
      await tx.run.update({ where: { id: run.id }, data: { turnCount: 1 } });
      return { result: 'done', events: [{ type: 'finish', payload: { finishReason: 'in the transaction' } }] };
    });
    writer.append('text-delta', { text: 'after' });
    expect(await committed).toBe('done');

    const refused = writer.commitWith(async (tx) => {
      await tx.run.update({ where: { id: run.id }, data: { turnCount: 2 } });
      throw new Error('the write was refused');
    });
    await expect(refused).rejects.toThrow('the write was refused');
    writer.append('finish', { finishReason: 'stop' });
    await writer.close();

    expect(await logOf(run.id)).toEqual([
      [0, 'text-delta', { text: 'before' }],
      [1, 'finish', { finishReason: 'in the transaction' }],
      [2, 'text-delta', { text: 'after' }],
      [3, 'finish', { finishReason: 'stop' }],
    ]);
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).turnCount).toBe(1);
  });
});

describe('writers of several runs in one process', () => {
  /** A client of its own (its own group insert), counting the statements that insert events. */
  function countingClient() {
    const client = createDatabase(inject('databaseUrl'));
    const counter = countStatements(client);
    let statements = 0;
    afterAll(() => closeDatabase(client));
    return {
      client,
      statements: () => (statements += counter.take().filter((text) => text.includes('INSERT INTO "RunEvent"')).length),
    };
  }

  it('share statements: batches that arrive while one is being written go together', async () => {
    const { client, statements } = countingClient();
    const runs = await Promise.all([newRun(), newRun(), newRun()]);
    const writers = await Promise.all(runs.map((run) => RunEventWriter.open(client, run.id)));
    writers.forEach((writer, index) => writer.append('status', { status: 'running', workerId: `w${index}` }));
    // The first flush goes out alone; the two others wait for it and then share one statement.
    await Promise.all(writers.map((writer) => writer.flush()));
    expect(statements()).toBe(2);
    for (const [index, run] of runs.entries()) {
      const events = await db.runEvent.findMany({ where: { runId: run.id } });
      expect(events.map((event) => [event.seq, event.payload])).toEqual([[0, { status: 'running', workerId: `w${index}` }]]);
    }
  });

  it('keep a run whose batch fails from failing the others written with it', async () => {
    const { client } = countingClient();
    const [first, healthy, broken] = await Promise.all([newRun(), newRun(), newRun()]);
    const writers = await Promise.all([first, healthy, broken].map((run) => RunEventWriter.open(client, run.id)));
    // Another writer took seq 0 of `broken` after its writer opened: its insert must fail.
    await db.runEvent.create({ data: { runId: broken.id, seq: 0, type: 'status', payload: { status: 'running' } } });
    for (const writer of writers) writer.append('text-delta', { text: 'x' });
    const outcomes = await Promise.allSettled(writers.map((writer) => writer.flush()));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(await db.runEvent.count({ where: { runId: healthy.id } })).toBe(1);
    expect(await db.runEvent.count({ where: { runId: broken.id } })).toBe(1);
  });
});
