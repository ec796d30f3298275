import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '@/lib/store/database';
import { createLogger } from '@/lib/server/logger';
import { createBareRun } from '@/lib/store/testing/bare-run';
import { RunHeartbeats } from './run-heartbeats';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => db.$disconnect());

const workerId = `heartbeat-test-${process.pid}`;

const runningRun = () => createBareRun(db, { status: 'running', workerId, heartbeatAt: new Date(0) });

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
    await new Promise((resolve) => setTimeout(resolve, 180));
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
    // A fenced write of `busy` in progress: its row is locked until the transaction ends.
    const holding = db.$transaction(async (tx) => {
      await tx.run.update({ where: { id: busy.id }, data: { heartbeatAt: new Date(1) } });
      await released;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const heartbeats = new RunHeartbeats(db, workerId, 50, createLogger());
    heartbeats.watch(busy.id, { lost: () => seen.push('busy lost'), cancelRequested: () => seen.push('busy cancel') });
    heartbeats.watch(free.id, { lost: () => seen.push('free lost'), cancelRequested: () => seen.push('free cancel') });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await db.run.findUniqueOrThrow({ where: { id: free.id }, select: { heartbeatAt: true } });
    release();
    await holding;
    await new Promise((resolve) => setTimeout(resolve, 150));
    heartbeats.stop();
    expect(seen).toEqual([]);
    // The free run was beaten while the other row was held (before, the statement waited for it).
    expect(during.heartbeatAt!.getTime()).toBeGreaterThan(Date.now() - 2_000);
    const after = await db.run.findUniqueOrThrow({ where: { id: busy.id }, select: { heartbeatAt: true } });
    expect(after.heartbeatAt!.getTime()).toBeGreaterThan(1);
  });
});
