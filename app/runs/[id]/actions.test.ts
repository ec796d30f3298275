// Bad input at the Cancel / Resume server actions: malformed or unknown ids, wrong run states —
// each an { ok: false, error } a person can read, nothing written. The Fork / Replay / Compare
// forms: refused with the form's errors and nothing written, or redirected to what they started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingWritten, MALFORMED_RUN_IDS, UNKNOWN_RUN_ID, useTestDatabase } from '@/test/bad-input';
import { runQueue } from '@/lib/runs/run-queue';
import { database } from '@/lib/store/database';
import type { RunStatus } from '@/lib/store/generated/prisma/enums';
import { createRecordedRun } from '@/test/recorded-run';
import { compareRunOnAction, compareWithParentAction, cancelRunAction, forkRunAction, replayRunAction, resumeRunAction } from './actions';

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

const form = (entries: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) for (const item of [value].flat()) data.append(name, item);
  return data;
};

/** Where a server action's `redirect()` sends the browser (Next throws it as an error with a digest). */
async function redirectOf(action: Promise<unknown>): Promise<string> {
  const thrown = await action.then(
    (answer) => ({ answer }),
    (error: { digest?: string }) => error,
  );
  const digest = 'digest' in thrown ? thrown.digest : undefined;
  expect(digest, JSON.stringify(thrown)).toMatch(/^NEXT_REDIRECT;/);
  return digest!.split(';')[2]!;
}

describe('Fork, Replay and Compare forms', () => {
  let recorded: string;
  let imported: string;
  beforeAll(async () => {
    recorded = await createRecordedRun(database());
    imported = await createRecordedRun(database(), { imported: true });
  });

  it('refuse with the form’s errors, writing nothing', async () => {
    const check = async (label: string, send: () => Promise<unknown>, field: string, message: RegExp) => {
      const state = (await expectNothingWritten(send, label)) as { message: string; fieldErrors: Record<string, string[]> };
      expect(state.message, label).toBeTruthy();
      expect(state.fieldErrors[field]?.join(' '), label).toMatch(message);
    };
    await check(
      'fork: malformed run id',
      () => forkRunAction(null, form({ runId: 'x', turn: '1', profileName: 'simulator-chat' })),
      'form',
      /Malformed run id/,
    );
    await check(
      'fork: imported run',
      () => forkRunAction(null, form({ runId: imported, turn: '1', profileName: 'simulator-chat' })),
      'form',
      /cannot be forked/,
    );
    await check(
      'fork: no such turn',
      () => forkRunAction(null, form({ runId: recorded, turn: '6', profileName: 'simulator-chat' })),
      'turn',
      /has no turn 6/,
    );
    await check(
      'fork: bad temperature',
      () => forkRunAction(null, form({ runId: recorded, turn: '1', profileName: 'simulator-chat', temperature: 'hot' })),
      'overrides.temperature',
      /number/,
    );
    await check(
      'replay: still running',
      () => replayRunAction(null, form({ runId: runs.get('running')!, profileName: 'simulator-chat' })),
      'form',
      /still running/,
    );
    await check(
      'replay: no profile',
      () => replayRunAction(null, form({ runId: recorded, profileName: '' })),
      'profileName',
      /Choose a provider profile/,
    );
    await check(
      'compare: no profile ticked',
      () => compareRunOnAction(null, form({ runId: recorded })),
      'profileNames',
      /Choose at least one profile/,
    );
    await check(
      'compare with parent: no parent',
      () => compareWithParentAction(null, form({ runId: recorded })),
      'form',
      /not forked or replayed/,
    );
  });

  it('open what they started: the fork’s or replay’s page, the comparison', async () => {
    const forkPath = await redirectOf(forkRunAction(null, form({ runId: recorded, turn: '1', profileName: 'simulator-responses' })));
    expect(forkPath).toMatch(/^\/runs\/[0-9a-f-]{36}$/);
    const forkId = forkPath.split('/')[2]!;
    expect(await database().run.findUniqueOrThrow({ where: { id: forkId } })).toMatchObject({
      parentRunId: recorded,
      lineage: 'fork',
      forkedAtTurn: 0,
    });
    const replayPath = await redirectOf(
      replayRunAction(null, form({ runId: recorded, profileName: 'simulator-anthropic', onDivergence: 'continue' })),
    );
    const replay = await database().run.findUniqueOrThrow({ where: { id: replayPath.split('/')[2]! } });
    expect(replay).toMatchObject({ parentRunId: recorded, lineage: 'replay', replayMode: 'continue' });
    const comparePath = await redirectOf(
      compareRunOnAction(null, form({ runId: recorded, profileNames: ['simulator-chat', 'simulator-openrouter'] })),
    );
    expect(comparePath).toMatch(/^\/compare\/[0-9a-f-]{36}$/);
    expect(await database().comparisonMember.count({ where: { comparisonId: comparePath.split('/')[2]! } })).toBe(3);
    const parentPath = await redirectOf(compareWithParentAction(null, form({ runId: forkId })));
    expect(parentPath).toMatch(/^\/compare\/[0-9a-f-]{36}$/);
  });
});
