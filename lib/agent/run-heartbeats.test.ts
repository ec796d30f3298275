import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPrismaClient } from '@/lib/store/prisma';
import { createLogger } from './logger';
import { RunHeartbeats } from './run-heartbeats';

const db = createPrismaClient(inject('databaseUrl'));
afterAll(() => db.$disconnect());

const workerId = `heartbeat-test-${process.pid}`;

async function runningRun() {
  return db.run.create({
    data: { task: 't', profileName: 'p', provider: 'simulator', runtime: 'openai-chat', model: 'm', profile: {}, status: 'running', workerId, heartbeatAt: new Date(0) },
  });
}

describe('RunHeartbeats', () => {
  it("beats the watched runs that are still this worker's, and reports a lost run and a cancel request", async () => {
    const [kept, swept, cancelled, ended] = await Promise.all([runningRun(), runningRun(), runningRun(), runningRun()]);
    await db.run.update({ where: { id: swept.id }, data: { status: 'interrupted' } });
    await db.run.update({ where: { id: cancelled.id }, data: { cancelRequestedAt: new Date() } });
    const seen: string[] = [];
    const heartbeats = new RunHeartbeats(db, workerId, 50, createLogger());
    const watch = (id: string, name: string) => heartbeats.watch(id, { lost: () => seen.push(`${name} lost`), cancelRequested: () => seen.push(`${name} cancel`) });
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
});
