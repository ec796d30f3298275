import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { createLogger } from '@/lib/server/logger';
import { createBareRun } from '@/lib/store/testing/bare-run';
import { waitUntil } from '@/test/wait-until';
import { RunHeartbeats } from './run-heartbeats';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => db.$disconnect());

const workerId = `heartbeat-test-${process.pid}`;

const runningRun = () => createBareRun(db, { status: 'running', workerId, heartbeatAt: new Date(0) });
const heartbeatOf = async (id: string) =>
  (await db.run.findUniqueOrThrow({ where: { id }, select: { heartbeatAt: true } })).heartbeatAt!.getTime();

describe('RunHeartbeats', () => {
  it("beats the watched runs that are still this worker's, and reports a lost run and a cancel request", async () => {
    const [kept, swept, cancelled, ended] = await Promise.all([runningRun(), runningRun(), runningRun(), runningRun()]);
    await db.run.update({ where: { id: swept.id }, data: { status: 'interrupted' } });
    await db.run.update({ where: { id: cancelled.id }, data: { cancelRequestedAt: new Date() } });
    const seen: string[] = [];
    const heartbeats = new RunHeartbeats(db, workerId, 50, createLogger());
    const watch = (id: string, name: string) =>
      heartbeats.watch(id, { lost: () => seen.push(`${name} lost`), cancelRequested: () => seen.push(`${name} cancel`) });
    watch(kept.id, 'kept');
    watch(swept.id, 'swept');
    watch(cancelled.id, 'cancelled');
    watch(ended.id, 'ended')(); // unwatched at once: never reported
    // Beats come every 50 ms; on a busy machine later: wait for what they do, not for a time.
    await waitUntil('the lost run and the cancel request reported', () => seen.length >= 2, 15_000);
    await waitUntil('a beat of the kept run', async () => (await heartbeatOf(kept.id)) > 0, 15_000);
    heartbeats.stop();
    expect(new Set(seen)).toEqual(new Set(['swept lost', 'cancelled cancel']));
    const rows = await db.run.findMany({ where: { id: { in: [kept.id, swept.id, ended.id] } }, select: { id: true, heartbeatAt: true } });
    const beat = new Map(rows.map((row) => [row.id, row.heartbeatAt!.getTime()]));
    expect(beat.get(kept.id)).toBeGreaterThan(0);
    expect(beat.get(swept.id)).toBe(0); // not ours any more: untouched
    expect(beat.get(ended.id)).toBe(0);
  });

  it('skips a run whose row a write holds (neither beaten nor lost) and beats the others meanwhile', async () => {
    const [busy, free] = await Promise.all([runningRun(), runningRun()]);
    const seen: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const rowLocked = new Promise<void>((resolve) => (locked = resolve));
    // A fenced write of `busy` in progress: its row is locked until the transaction ends.
    const holding = db.$transaction(
      async (tx) => {
        await tx.run.update({ where: { id: busy.id }, data: { heartbeatAt: new Date(1) } });
        locked();
        await released;
      },
      { timeout: 60_000 },
    );
    await rowLocked;
    const heartbeats = new RunHeartbeats(db, workerId, 50, createLogger());
    heartbeats.watch(busy.id, { lost: () => seen.push('busy lost'), cancelRequested: () => seen.push('busy cancel') });
    heartbeats.watch(free.id, { lost: () => seen.push('free lost'), cancelRequested: () => seen.push('free cancel') });
    // The free run is beaten while the other row is held (before, the statement waited for it).
    await waitUntil('a beat of the free run while the other row is held', async () => (await heartbeatOf(free.id)) > 0, 15_000);
    expect(await heartbeatOf(busy.id)).toBe(0); // the held write has not committed: the row reads as before
    release();
    await holding;
    await waitUntil('a beat of the busy run once its row is free', async () => (await heartbeatOf(busy.id)) > 1, 15_000);
    heartbeats.stop();
    expect(seen).toEqual([]);
  });
});
