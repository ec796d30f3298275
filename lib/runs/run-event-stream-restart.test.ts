// Postgres restarts under open live streams (its own embedded cluster, never the shared server):
// the hub LISTENs again, and a stream opened before the restart and one opened while the database
// was down both deliver, through NOTIFY, what is written after it came back — once each, in order.
import { describe, expect, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { RunEventWriter } from '@/lib/store/run-event-writer';
import { useRestartablePostgres } from '@/test/restartable-postgres';
import { waitUntil } from '@/test/wait-until';
import { RunEventHub } from './run-event-hub';
import { runEventStream } from './run-event-stream';
import { parseSse, type ParsedSseMessage } from './sse';

const postgres = useRestartablePostgres('live-restart');

function collect(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const finished = (async () => {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      text += decoder.decode(chunk.value, { stream: true });
    }
  })();
  return { messages: () => parseSse(text.slice(0, text.lastIndexOf('\n\n') + 2)), finished, cancel: () => reader.cancel() };
}

const ids = (messages: ParsedSseMessage[]) => messages.filter((message) => message.id !== null).map((message) => Number(message.id));

describe('live run stream across a Postgres restart', () => {
  it('the hub LISTENs again; streams open before and opened during the outage deliver the events written after it, once each, in order', async () => {
    const database = await postgres.startWithDatabase('switchboard_live_restart');
    const db = createDatabase(database.url);
    const hub = new RunEventHub(database.url, { idleCloseMs: 50, onError: () => undefined });
    const streams: ReturnType<typeof collect>[] = [];
    try {
      const run = await db.run.create({
        data: {
          task: 't',
          profileName: 'p',
          provider: 'simulator',
          runtime: 'openai-chat',
          model: 'restart',
          profile: {},
          status: 'running',
        },
      });
      const before = await RunEventWriter.open(db, run.id);
      before.append('status', { status: 'running' });
      before.append('text-delta', { text: 'before' });
      await before.close();

      // A poll far longer than the test: only NOTIFYs (so a LISTEN that came back) deliver in time.
      const follow = (after: number, onError: (error: unknown) => void = () => undefined) =>
        collect(runEventStream({ db, hub, runId: run.id, after, pollMs: 120_000, onError }));
      const open = follow(-1);
      streams.push(open);
      await waitUntil('the backlog', () => ids(open.messages()).includes(1), 15_000);

      await postgres.stop();
      // A page reconnecting while the database is down (after seq 0): its first reads fail.
      let failedReads = 0; // its LISTEN and reads, refused
      const reopened = follow(0, () => failedReads++);
      streams.push(reopened);
      await waitUntil('the reopened stream to meet the outage', () => failedReads > 0, 15_000);
      expect(await postgres.restart()).toBe(postgres.port());

      await waitUntil('the hub to LISTEN again', () => hub.connected, 15_000);
      const after = await RunEventWriter.open(db, run.id);
      after.append('text-delta', { text: 'after' });
      await after.close();
      await waitUntil('the event written after the restart (stream open before it)', () => ids(open.messages()).includes(2), 15_000);
      await waitUntil(
        'the event written after the restart (stream opened during the outage)',
        () => ids(reopened.messages()).includes(2),
        15_000,
      );

      const last = await RunEventWriter.open(db, run.id);
      last.append('status', { status: 'succeeded' });
      await last.close();
      await db.run.update({ where: { id: run.id }, data: { status: 'succeeded', finishedAt: new Date() } });
      await Promise.all([open.finished, reopened.finished]);

      expect(ids(open.messages())).toEqual([0, 1, 2, 3]);
      expect(ids(reopened.messages())).toEqual([1, 2, 3]);
      for (const stream of [open, reopened])
        expect(stream.messages().at(-1)).toEqual({ id: null, event: 'end', data: '{"status":"succeeded"}' });
      expect(hub.listenerCount()).toBe(0);
    } finally {
      for (const stream of streams) await stream.cancel().catch(() => undefined);
      await hub.close();
      await db.$disconnect();
      await database.drop().catch(() => undefined);
      await postgres.stop();
    }
  }, 90_000);
});
