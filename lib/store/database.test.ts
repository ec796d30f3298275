// Integration: the generated client, through the PrismaPg adapter, against the migrated test database.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from './database';

const db = createDatabase(inject('databaseUrl'));
afterAll(() => db.$disconnect());

describe('store on Postgres', () => {
  it('writes a run with a turn, a provider call and ordered events', async () => {
    const run = await db.run.create({
      data: {
        task: 'integration probe',
        profileName: 'simulator',
        provider: 'simulator',
        runtime: 'openai-chat',
        model: 'sim-1',
        profile: { provider: 'simulator' },
      },
    });
    expect(run.status).toBe('queued');
    const turn = await db.turn.create({ data: { runId: run.id, index: 0 } });
    await db.providerCall.create({
      data: {
        runId: run.id,
        turnId: turn.id,
        attempt: 1,
        runtime: 'openai-chat',
        provider: 'simulator',
        profileName: 'simulator',
        modelRequested: 'sim-1',
        streamRequested: true,
        streamActual: true,
        streamStarted: true,
        status: 'ok',
        startedAt: new Date(),
        inputTokens: 120,
        cacheReadTokens: 100,
        inputNoCacheTokens: 20,
      },
    });
    await db.runEvent.createMany({
      data: [0, 1, 2].map((seq) => ({ runId: run.id, seq, type: 'text-delta', payload: { text: `t${seq}` } })),
    });
    await expect(db.runEvent.create({ data: { runId: run.id, seq: 1, type: 'dup', payload: {} } })).rejects.toThrow();

    const events = await db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => event.seq)).toEqual([0, 1, 2]);
  });
});
