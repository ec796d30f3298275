import { describe, expect, it } from 'vitest';
import type { RunLogReads } from '@/lib/store/run-log-reads';
import { RunEventWriter } from '@/lib/store/run-event-writer';
import { requestCancel } from '@/lib/store/runs';
import { createBareRun } from '@/lib/store/testing/bare-run';
import { runEventStream } from './run-event-stream';
import { collectSse as collect } from '@/test/collect-sse';
import { waitUntil } from '@/test/wait-until';
import type { ParsedSseMessage } from './sse';
import { useLiveRunLog } from './testing/live-run-log';
import { writeBacklog } from './testing/run-backlog';

const { db, hub } = useLiveRunLog();

const newRun = (status: 'queued' | 'running' | 'succeeded' | 'cancelled' = 'running') =>
  createBareRun(db, { model: 'run-event-stream-test', status });

/** Reads the stream in the background; `until` resolves once a message matches. */

const ids = (messages: ParsedSseMessage[]) => messages.filter((message) => message.id !== null).map((message) => Number(message.id));

describe('runEventStream', () => {
  it('replays the log, then streams new rows on NOTIFY in order, and ends after the terminal status', async () => {
    const run = await newRun();
    const writer = await writeBacklog(db, run.id, 'Hello');

    // A long poll interval: only NOTIFYs can deliver the live part within the test's timeouts.
    const stream = collect(runEventStream({ db, hub, runId: run.id, after: -1, pollMs: 60_000 }));
    await stream.until((messages) => messages.length === 2);
    expect(stream.messages().map((message) => message.event)).toEqual(['status', 'text-delta']);
    expect(JSON.parse(stream.messages()[1]!.data)).toMatchObject({ seq: 1, type: 'text-delta', payload: { text: 'Hello' } });

    for (let index = 0; index < 30; index++) {
      writer.append('text-delta', { text: ` w${index}` });
      if (index % 7 === 0) await writer.flush();
    }
    writer.append('finish', { finishReason: 'stop' });
    await writer.flush();
    const lastSeq = (await db.runEvent.aggregate({ where: { runId: run.id }, _max: { seq: true } }))._max.seq!;
    await stream.until((messages) => ids(messages).includes(lastSeq));

    writer.append('status', { status: 'succeeded' });
    await writer.close();
    await db.run.update({ where: { id: run.id }, data: { status: 'succeeded', finishedAt: new Date() } });
    await stream.until((messages) => messages.some((message) => message.event === 'end'));
    await stream.finished;

    const all = stream.messages();
    const sent = ids(all);
    expect(sent).toEqual(Array.from({ length: sent.length }, (_, index) => index));
    const text = all
      .filter((message) => message.event === 'text-delta')
      .map((message) => JSON.parse(message.data).payload.text)
      .join('');
    expect(text).toBe(`Hello${Array.from({ length: 30 }, (_, index) => ` w${index}`).join('')}`);
    expect(all.at(-1)).toEqual({ id: null, event: 'end', data: JSON.stringify({ status: 'succeeded' }) });
    expect(stream.text.startsWith('retry: 2000\n\n')).toBe(true);
    expect(hub.listenerCount()).toBe(0);
  });

  it('resumes after Last-Event-ID without repeating, and ends at once for a finished run', async () => {
    const run = await newRun();
    const writer = await RunEventWriter.open(db, run.id);
    writer.append('status', { status: 'running' });
    for (const word of ['a', 'b', 'c']) {
      writer.append('text-delta', { text: word });
      writer.append('notice', {
        notice: 'retrying',
        kind: word,
        status: 429,
        attempt: 1,
        nextAttempt: 2,
        delayMs: 1000,
        retryAfterMs: null,
      });
    }
    writer.append('status', { status: 'failed', errorKind: 'auth' });
    await writer.close();
    await db.run.update({ where: { id: run.id }, data: { status: 'failed', finishedAt: new Date() } });

    const stream = collect(runEventStream({ db, hub, runId: run.id, after: 4 }));
    await stream.finished;
    const messages = stream.messages();
    expect(ids(messages)).toEqual([5, 6, 7]);
    expect(messages.map((message) => message.event)).toEqual(['text-delta', 'notice', 'status', 'end']);
  });

  it('ends a queued run cancelled before it ever ran: its one event says so', async () => {
    const run = await newRun('queued');
    // Cancelled once the stream listens: its event arrives live, by NOTIFY (the poll is a minute away).
    let listening!: () => void;
    const listened = new Promise<void>((resolve) => (listening = resolve));
    const stream = collect(
      runEventStream({ db, hub, runId: run.id, after: -1, pollMs: 60_000, terminalGraceMs: 60_000, onListening: () => listening() }),
    );
    await listened;
    await requestCancel(db, run.id);
    await stream.finished;
    const messages = stream.messages();
    expect(messages.map((message) => [message.id, message.event])).toEqual([
      ['0', 'run-updated'],
      [null, 'end'],
    ]);
    expect(JSON.parse(messages[0]!.data)).toMatchObject({
      seq: 0,
      type: 'run-updated',
      payload: { status: 'cancelled', finishedAt: expect.any(String) },
    });
    expect(messages[1]!.data).toBe('{"status":"cancelled"}');
  });

  it('sends keep-alive comments and releases its listener when the client goes away', async () => {
    const run = await newRun();
    const controller = new AbortController();
    // Keep-alives start before the LISTEN answers (a loaded database is slow to): the client goes away once both happened.
    let listening!: () => void;
    const listened = new Promise<void>((resolve) => (listening = resolve));
    const stream = collect(
      runEventStream({ db, hub, runId: run.id, after: -1, keepAliveMs: 30, signal: controller.signal, onListening: () => listening() }),
    );
    await stream.until(() => stream.text.includes(': keep-alive\n\n'));
    await listened;
    expect(hub.listenerCount()).toBe(1);
    controller.abort();
    await stream.finished;
    expect(hub.listenerCount()).toBe(0);
    // Idle for its 50 ms, the hub lets go of its connection.
    await waitUntil('the idle hub to disconnect', () => !hub.connected, 15_000);
  });

  it('releases its listener when the reader cancels', async () => {
    const run = await newRun();
    let listening!: () => void;
    const listened = new Promise<void>((resolve) => (listening = resolve));
    const stream = collect(runEventStream({ db, hub, runId: run.id, after: -1, onListening: () => listening() }));
    await listened;
    expect(hub.listenerCount()).toBe(1);
    await stream.cancel();
    expect(hub.listenerCount()).toBe(0);
  });
});

describe('runEventStream when the database fails', () => {
  it('a read that never answers ends the stream without `end`, so the browser reconnects instead of waiting on a dead stream', async () => {
    const never = () => new Promise<never>(() => undefined);
    const hung: RunLogReads = { eventsAfter: never, runState: never, lastStatusEventUpTo: never };
    const errors: unknown[] = [];
    const stream = collect(
      runEventStream({
        db,
        reads: hung,
        hub: { subscribe: async () => () => undefined },
        runId: 'r',
        after: 3,
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
  });
});
