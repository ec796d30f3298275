// Bad input at the Cancel / Resume server actions: malformed or unknown ids, wrong run states —
// each an { ok: false, error } a person can read, nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingWritten, MALFORMED_RUN_IDS, UNKNOWN_RUN_ID, useTestDatabase } from '@/test/bad-input';
import { runQueue } from '@/lib/runs/run-queue';
import { database } from '@/lib/store/database';
import type { RunStatus } from '@/lib/store/generated/prisma/enums';
import { cancelRunAction, resumeRunAction } from './actions';

useTestDatabase();
const runs = new Map<RunStatus, string>();
beforeAll(async () => {
  for (const status of ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const) {
    const run = await database().run.create({
      data: {
        task: status,
        profileName: 'simulator-chat',
        provider: 'simulator',
        runtime: 'openai-chat',
        model: 'sim-gpt',
        profile: {},
        status,
        ...(['queued', 'running'].includes(status) ? {} : { finishedAt: new Date() }),
      },
    });
    runs.set(status, run.id);
  }
});
afterAll(async () => {
  await (await runQueue()).stop({ graceful: false, wait: true });
  await database().$disconnect();
});

const refused = (result: { ok: boolean } & Record<string, unknown>, label: string) => {
  expect(result.ok, label).toBe(false);
  expect(typeof result.error === 'string' && result.error.length > 0, `${label}: ${JSON.stringify(result)}`).toBe(true);
};

describe('Cancel and Resume refuse bad input, writing nothing', () => {
  it('malformed and unknown ids, and values that are not ids at all', async () => {
    const values: unknown[] = [
      ...MALFORMED_RUN_IDS,
      UNKNOWN_RUN_ID,
      undefined,
      null,
      42,
      true,
      {},
      [UNKNOWN_RUN_ID],
      { id: UNKNOWN_RUN_ID },
      'x'.repeat(100_000),
    ];
    for (const value of values) {
      const label = JSON.stringify(value)?.slice(0, 60) ?? String(value);
      refused(await expectNothingWritten(() => cancelRunAction(value), label), `cancel ${label}`);
      refused(await expectNothingWritten(() => resumeRunAction(value), label), `resume ${label}`);
    }
  });

  it('cancel of a run that is over', async () => {
    for (const status of ['succeeded', 'failed', 'cancelled', 'interrupted'] as const) {
      const result = await expectNothingWritten(() => cancelRunAction(runs.get(status)), status);
      refused(result, `cancel ${status}`);
      expect(result.status).toBe(status);
    }
  });

  it('resume of a run that is queued, running or succeeded', async () => {
    for (const status of ['queued', 'running', 'succeeded'] as const) {
      const result = await expectNothingWritten(() => resumeRunAction(runs.get(status)), status);
      refused(result, `resume ${status}`);
      expect(result.status).toBe(status);
    }
  });
});
