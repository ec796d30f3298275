import { afterAll, describe, expect, inject, it } from 'vitest';
import { collectSse } from '@/test/collect-sse';
import { waitUntil } from '@/test/wait-until';
import { createDatabase } from '@/lib/store/database';
import type { RunLogReads } from '@/lib/store/run-log-reads';
import { RunEventWriter } from '@/lib/store/run-event-writer';
import { comparisonEventStream } from './comparison-event-stream';
import { RunEventHub } from './run-event-hub';
import type { ParsedSseMessage } from './sse';

const db = createDatabase(inject('databaseUrl'));
const hub = new RunEventHub(inject('databaseUrl'), { idleCloseMs: 50 });
afterAll(async () => {
  await hub.close();
  await db.$disconnect();
});

async function newRun(status: 'running' | 'succeeded' = 'running') {
  const run = await db.run.create({
    data: {
      task: 't',
      profileName: 'p',
      provider: 'simulator',
      runtime: 'openai-chat',
      model: 'comparison-stream-test',
      profile: {},
      status,
    },
  });
  return run.id;
}

async function finish(runId: string, writer: RunEventWriter) {
  writer.append('status', { status: 'succeeded' });
  await writer.close();
  await db.run.update({ where: { id: runId }, data: { status: 'succeeded', finishedAt: new Date() } });
}

type Tagged = { runId: string; seq: number; type: string; payload: { text?: string } };
const tagged = (messages: ParsedSseMessage[]) =>
  messages.filter((message) => message.id !== null).map((message) => ({ id: message.id!, ...(JSON.parse(message.data) as Tagged) }));

describe('comparisonEventStream', () => {
  it("merges the members' logs on one stream, each event tagged with its run and carrying the cursor; ends once every log has", async () => {
    const [a, b] = [await newRun(), await newRun()];
    const writerA = await RunEventWriter.open(db, a, { maxDelayMs: 5 });
    const writerB = await RunEventWriter.open(db, b, { maxDelayMs: 5 });
    writerA.append('status', { status: 'running' });
    writerA.append('text-delta', { text: 'A1' });
    writerB.append('status', { status: 'running' });
    await Promise.all([writerA.flush(), writerB.flush()]);

    // A long poll: only NOTIFYs deliver the live part in time.
    const stream = collectSse(comparisonEventStream({ db, hub, runIds: [a, b], after: [-1, -1], pollMs: 60_000 }));
    await stream.until((messages) => tagged(messages).length === 3);
    expect(hub.listenerCount()).toBe(2);

    writerB.append('text-delta', { text: 'B1' });
    await writerB.flush();
    await finish(b, writerB);
    await stream.until((messages) => messages.some((message) => message.event === 'run-end'));
    writerA.append('text-delta', { text: 'A2' });
    await writerA.flush();
    await finish(a, writerA);
    await stream.finished;

    const messages = stream.messages();
    const events = tagged(messages);
    for (const runId of [a, b]) {
      const seqs = events.filter((event) => event.runId === runId).map((event) => event.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => index));
    }
    expect(events.filter((event) => event.type === 'text-delta').map((event) => [event.runId, event.payload.text])).toEqual([
      [a, 'A1'],
      [b, 'B1'],
      [a, 'A2'],
    ]);
    // Each id is where every member is after that event: A's last seq, then B's.
    const last = { [a]: -1, [b]: -1 };
    for (const event of events) {
      last[event.runId] = event.seq;
      expect(event.id).toBe(`${last[a]}.${last[b]}`);
    }
    expect(messages.filter((message) => message.event === 'run-end').map((message) => JSON.parse(message.data))).toEqual([
      { runId: b, status: 'succeeded' },
      { runId: a, status: 'succeeded' },
    ]);
    expect(messages.at(-1)).toEqual({ id: null, event: 'end', data: JSON.stringify({ statuses: { [b]: 'succeeded', [a]: 'succeeded' } }) });
    expect(stream.text.startsWith('retry: 2000\n\n')).toBe(true);
    expect(hub.listenerCount()).toBe(0);
  });

  it('continues each member after its own seq (a reconnect), and ends at once when all have finished', async () => {
    const [a, b] = [await newRun(), await newRun()];
    for (const runId of [a, b]) {
      const writer = await RunEventWriter.open(db, runId);
      writer.append('status', { status: 'running' });
      for (const word of ['x', 'y', 'z']) writer.append('text-delta', { text: `${runId === a ? 'A' : 'B'}${word}` });
      await finish(runId, writer);
    }
    // The writer merges adjacent text deltas: what each log holds is read back.
    const logged = async (runId: string, after: number) =>
      (await db.runEvent.findMany({ where: { runId, seq: { gt: after } }, orderBy: { seq: 'asc' } })).map((event) => event.seq);
    const [afterA, afterB] = [(await logged(a, -1)).length - 2, 0];
    const stream = collectSse(comparisonEventStream({ db, hub, runIds: [a, b], after: [afterA, afterB] }));
    await stream.finished;
    const events = tagged(stream.messages());
    expect(events.filter((event) => event.runId === a).map((event) => event.seq)).toEqual(await logged(a, afterA));
    expect(events.filter((event) => event.runId === b).map((event) => event.seq)).toEqual(await logged(b, afterB));
    expect((await logged(b, afterB)).length).toBeGreaterThan(1);
    expect(stream.messages().at(-1)!.event).toBe('end');
  });

  it('a member whose read never answers ends the stream without `end` (the browser reconnects), releasing every listener', async () => {
    const never = () => new Promise<never>(() => undefined);
    const hung: RunLogReads = { eventsAfter: never, runState: never, lastStatusEventUpTo: never };
    const released = new Set<string>();
    const errors: unknown[] = [];
    const stream = collectSse(
      comparisonEventStream({
        db,
        reads: hung,
        hub: { subscribe: async (runId) => () => void released.add(runId) },
        runIds: ['r1', 'r2'],
        after: [3, -1],
        readTimeoutMs: 200,
        onError: (error) => errors.push(error),
      }),
    );
    // The 200 ms read timeout ends it; a stream that waited on the read would stay open for good.
    await Promise.race([
      stream.finished,
      new Promise((_, reject) => setTimeout(() => reject(new Error('the stream is still open')), 15_000)),
    ]);
    expect(stream.messages()).toEqual([]);
    expect(String(errors[0])).toMatch(/did not answer within 200 ms/);
    await waitUntil('both listeners released', () => released.size === 2, 15_000);
    expect([...released].sort()).toEqual(['r1', 'r2']);
  });
});
