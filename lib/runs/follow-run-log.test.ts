import { describe, expect, it } from 'vitest';
import { runLogReads, type RunLogReads } from '@/lib/store/run-log-reads';
import { RunEventWriter } from '@/lib/store/run-event-writer';
import { requestCancel, requeueForResume } from '@/lib/store/runs';
import { createBareRun } from '@/lib/store/testing/bare-run';
import { followRunLog, type FollowRunLogOptions, type RunLogStep } from './follow-run-log';
import { useLiveRunLog } from './testing/live-run-log';
import { writeBacklog } from './testing/run-backlog';
import { waitUntil } from '@/test/wait-until';

const { db, hub } = useLiveRunLog();
const reads = runLogReads(db);

const newRun = (status: 'queued' | 'running' | 'failed' | 'succeeded' = 'running') =>
  createBareRun(db, { model: 'follow-run-log-test', status });

/** Follows in the background; `until` resolves once the steps so far pass `test`. */
function follow(options: Omit<FollowRunLogOptions, 'db' | 'hub'>) {
  const steps: RunLogStep[] = [];
  const done = (async () => {
    for await (const step of followRunLog({ db, hub, ...options })) steps.push(step);
  })();
  const seqs = () => steps.flatMap((step) => (step.kind === 'events' ? step.events.map((event) => event.seq) : []));
  // The timeout only ends a wait for what never comes: a slow machine delivers late.
  const until = async (test: () => boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; steps: ${JSON.stringify(steps)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { steps, done, seqs, until };
}

describe('followRunLog', () => {
  it('delivers the backlog, then what commits on NOTIFY, each event once and in order, and ends with the run', async () => {
    const run = await newRun();
    const writer = await writeBacklog(db, run.id, 'a');

    // A poll far longer than the test: only NOTIFYs deliver the live part in time.
    const followed = follow({ runId: run.id, after: -1, pollMs: 60_000 });
    await followed.until(() => followed.seqs().length === 2, 'the backlog');
    for (const word of ['b', 'c', 'd']) {
      writer.append('finish', { finishReason: word });
      await writer.flush();
    }
    await followed.until(() => followed.seqs().length === 5, 'the live events');
    await writer.commitWith(async (tx) => {
      await tx.run.update({ where: { id: run.id }, data: { status: 'succeeded', finishedAt: new Date() } });
      return { result: undefined, events: [{ type: 'status', payload: { status: 'succeeded' } }] };
    });
    await followed.done;

    expect(followed.seqs()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(followed.steps.at(-1)).toEqual({ kind: 'end', status: 'succeeded' });
    expect(hub.listenerCount()).toBe(0);
  });

  it('woken by NOTIFYs, looks at the run row only once its log says the run ended (not once per NOTIFY)', async () => {
    const run = await newRun();
    const writer = await writeBacklog(db, run.id, 'a');
    let looks = 0;
    const counted: RunLogReads = { ...reads, runState: (runId) => (looks++, reads.runState(runId)) };
    const steps: RunLogStep[] = [];
    const seqs = () => steps.flatMap((step) => (step.kind === 'events' ? step.events.map((event) => event.seq) : []));
    // A poll far longer than the test: every wake after the first read is a NOTIFY.
    const done = (async () => {
      for await (const step of followRunLog({ db, reads: counted, hub, runId: run.id, after: -1, pollMs: 60_000 })) steps.push(step);
    })();
    await waitUntil('the backlog', () => seqs().length === 2, 15_000);
    for (const word of ['b', 'c', 'd', 'e', 'f']) {
      writer.append('text-delta', { text: word });
      await writer.flush();
    }
    await waitUntil('five live events', () => seqs().length === 7, 15_000);
    // The first read (is the run already over?) and none for the five NOTIFYs of a running run.
    expect(looks).toBe(1);
    await writer.commitWith(async (tx) => {
      await tx.run.update({ where: { id: run.id }, data: { status: 'succeeded', finishedAt: new Date() } });
      return { result: undefined, events: [{ type: 'status', payload: { status: 'succeeded' } }] };
    });
    await done;
    expect(looks).toBe(2);
    expect(steps.at(-1)).toEqual({ kind: 'end', status: 'succeeded' });
  });

  it('waits for a seq that skipped ahead, and reads past it once it stays missing', async () => {
    const run = await newRun();
    const row = (seq: number) => db.runEvent.create({ data: { runId: run.id, seq, type: 'finish', payload: { finishReason: `r${seq}` } } });
    await row(0);
    await row(2);
    // Rows created here send no NOTIFY: a short poll finds them. A gap waited for a minute: seq 2
    // stays back until seq 1 commits, however slow the machine.
    const stop = new AbortController();
    const waiting = follow({ runId: run.id, after: -1, pollMs: 100, gapWaitMs: 60_000, signal: stop.signal });
    await waiting.until(() => waiting.seqs().length === 1, 'seq 0');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(waiting.seqs()).toEqual([0]);
    await row(1);
    await waiting.until(() => waiting.seqs().length === 3, 'seqs 1 and 2');
    expect(waiting.seqs()).toEqual([0, 1, 2]);
    stop.abort();
    await waiting.done;

    // seq 3 never commits: 4 is delivered once the gap was waited for (1.5 s from when it was seen).
    await row(4);
    const before = Date.now();
    const followed = follow({ runId: run.id, after: 2, pollMs: 100, gapWaitMs: 1_500 });
    await followed.until(() => followed.seqs().includes(4), 'seq 4 past the gap');
    expect(Date.now() - before).toBeGreaterThanOrEqual(1_500);
    expect(followed.seqs()).toEqual([4]);
    await db.run.update({ where: { id: run.id }, data: { status: 'cancelled', finishedAt: new Date(Date.now() - 10_000) } });
    await followed.done;
    expect(followed.steps.at(-1)).toEqual({ kind: 'end', status: 'cancelled' });
  });

  it('goes on with a resumed run: its log said it failed, then that it is queued again', async () => {
    const run = await newRun('failed');
    const writer = await RunEventWriter.open(db, run.id);
    writer.append('status', { status: 'failed', errorKind: 'server' });
    await writer.close();
    await db.run.update({ where: { id: run.id }, data: { finishedAt: new Date() } });
    expect(await requeueForResume(db, run.id)).toBe(1);

    const followed = follow({ runId: run.id, after: 0, pollMs: 50 });
    await followed.until(() => followed.seqs().length === 1, 'the resume');
    // Not ended by the failure before it (an end would also stop it before seqs 2 and 3 below).
    expect(followed.steps).toEqual([
      {
        kind: 'events',
        events: [
          expect.objectContaining({ seq: 1, type: 'run-updated', payload: expect.objectContaining({ status: 'queued', resumeCount: 1 }) }),
        ],
      },
    ]);

    const resumed = await RunEventWriter.open(db, run.id);
    resumed.append('status', { status: 'running', resumed: true });
    await resumed.commitWith(async (tx) => {
      await tx.run.update({ where: { id: run.id }, data: { status: 'succeeded', finishedAt: new Date() } });
      return { result: undefined, events: [{ type: 'status', payload: { status: 'succeeded' } }] };
    });
    await followed.done;
    expect(followed.seqs()).toEqual([1, 2, 3]);
    expect(followed.steps.at(-1)).toEqual({ kind: 'end', status: 'succeeded' });
  });

  it('ends a queued run cancelled at once (its log says so), and one whose row alone ended after the grace', async () => {
    const queued = await newRun('queued');
    // Cancelled once the follower listens: its event arrives live.
    let listening = false;
    const cancelled = follow({ runId: queued.id, after: -1, pollMs: 50, terminalGraceMs: 60_000, onListening: () => (listening = true) });
    await cancelled.until(() => listening, 'the follower to listen');
    expect((await requestCancel(db, queued.id)).done).toBe('cancelled');
    await cancelled.done;
    expect(cancelled.steps).toEqual([
      {
        kind: 'events',
        events: [expect.objectContaining({ seq: 0, type: 'run-updated', payload: expect.objectContaining({ status: 'cancelled' }) })],
      },
      { kind: 'end', status: 'cancelled' },
    ]);

    // A log from before every status change wrote an event: the row alone says the run ended.
    const silent = await newRun('queued');
    const started = Date.now();
    const ended = follow({ runId: silent.id, after: -1, pollMs: 50, terminalGraceMs: 400 });
    await db.run.update({ where: { id: silent.id }, data: { status: 'cancelled', finishedAt: new Date() } });
    await ended.done;
    expect(ended.steps).toEqual([{ kind: 'end', status: 'cancelled' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('a terminal status whose row commits later (a writer that commits them apart) ends as soon as the row does, without a NOTIFY', async () => {
    const run = await newRun('running');
    const writer = await RunEventWriter.open(db, run.id);
    // The follower's looks at the row, counted: it must keep looking while the row says running.
    let looks = 0;
    const counted: RunLogReads = { ...reads, runState: (runId) => (looks++, reads.runState(runId)) };
    // A poll far longer than the test: only the follower's own quick looks again can see the row.
    const steps: RunLogStep[] = [];
    const done = (async () => {
      for await (const step of followRunLog({ db, reads: counted, hub, runId: run.id, after: -1, pollMs: 60_000 })) steps.push(step);
    })();
    writer.append('status', { status: 'succeeded' });
    await writer.close();
    await waitUntil('the status event', () => steps.length === 1, 15_000);
    // It delivered the event after a look at the row; two more looks found it still running.
    const seen = looks;
    await waitUntil('two more looks at the row', () => looks >= seen + 2, 15_000);
    expect(steps).toEqual([{ kind: 'events', events: [expect.objectContaining({ seq: 0, type: 'status' })] }]);
    await db.run.update({ where: { id: run.id }, data: { status: 'succeeded', finishedAt: new Date() } });
    await done;
    expect(steps.at(-1)).toEqual({ kind: 'end', status: 'succeeded' });
  });

  it('stops without `end` when aborted, and lets go of its listener at once', async () => {
    const run = await newRun('queued');
    const controller = new AbortController();
    let listening = false;
    const followed = follow({ runId: run.id, after: -1, signal: controller.signal, onListening: () => (listening = true) });
    await followed.until(() => listening, 'the follower to listen');
    expect(hub.listenerCount()).toBe(1);
    controller.abort();
    expect(hub.listenerCount()).toBe(0);
    await followed.done;
    expect(followed.steps).toEqual([]);
  });

  it('reports a failed read and tries again; a read that never answers ends the follow with an error', async () => {
    const run = await newRun('running');
    await db.runEvent.create({ data: { runId: run.id, seq: 0, type: 'status', payload: { status: 'running' } } });
    let failures = 1;
    const flaky: RunLogReads = {
      ...reads,
      eventsAfter: (...args) => (failures-- > 0 ? Promise.reject(new Error('connection lost')) : reads.eventsAfter(...args)),
    };
    const errors: unknown[] = [];
    const steps: RunLogStep[] = [];
    const controller = new AbortController();
    const done = (async () => {
      for await (const step of followRunLog({
        db,
        reads: flaky,
        hub,
        runId: run.id,
        after: -1,
        pollMs: 50,
        signal: controller.signal,
        onError: (error) => errors.push(error),
      })) {
        steps.push(step);
        controller.abort();
      }
    })();
    await done;
    expect(String(errors[0])).toMatch(/connection lost/);
    expect(steps).toEqual([{ kind: 'events', events: [expect.objectContaining({ seq: 0, type: 'status' })] }]);

    // A read that fails after its first page: nothing of it counts, and the next read delivers it all once.
    const paged = await newRun('succeeded');
    for (const seq of [0, 1, 2])
      await db.runEvent.create({ data: { runId: paged.id, seq, type: 'finish', payload: { finishReason: `r${seq}` } } });
    await db.runEvent.create({ data: { runId: paged.id, seq: 3, type: 'status', payload: { status: 'succeeded' } } });
    let pages = 0;
    const secondPageFails: RunLogReads = {
      ...reads,
      eventsAfter: (...args) => (++pages === 2 ? Promise.reject(new Error('cut mid-read')) : reads.eventsAfter(...args)),
    };
    const delivered: number[] = [];
    for await (const step of followRunLog({
      db,
      reads: secondPageFails,
      hub,
      runId: paged.id,
      after: -1,
      batchSize: 2,
      pollMs: 50,
      onError: (error) => errors.push(error),
    })) {
      if (step.kind === 'events') delivered.push(...step.events.map((event) => event.seq));
    }
    expect(delivered).toEqual([0, 1, 2, 3]);
    expect(String(errors.at(-1))).toMatch(/cut mid-read/);

    const never = () => new Promise<never>(() => undefined);
    const hung: RunLogReads = { eventsAfter: never, runState: never, lastStatusEventUpTo: never };
    const iterator = followRunLog({
      db,
      reads: hung,
      hub: { subscribe: async () => () => undefined },
      runId: run.id,
      after: -1,
      readTimeoutMs: 100,
    });
    await expect(iterator.next()).rejects.toThrow(/did not answer within 100 ms/);
  });
});
