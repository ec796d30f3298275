// POST /api/runs/[id]/compare ("Compare on …"): no profile, too many, one without credentials —
// each a 400 naming the profiles with nothing written; a valid one starts the comparison.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJsonError, expectNothingWritten, MALFORMED_RUN_IDS, UNKNOWN_RUN_ID, useTestDatabase } from '@/test/bad-input';
import { expectEachRefused } from '@/test/expect-each-refused';
import { createRecordedRun } from '@/test/recorded-run';
import { commandRequest, runParams } from '@/test/run-command-request';
import { runQueue } from '@/lib/runs/run-queue';
import { database } from '@/lib/store/database';
import { POST } from './route';

useTestDatabase();
const savedKey = process.env.OPENAI_API_KEY;
let runId: string;
beforeAll(async () => {
  delete process.env.OPENAI_API_KEY;
  runId = await createRecordedRun(database());
});
afterAll(async () => {
  if (savedKey !== undefined) process.env.OPENAI_API_KEY = savedKey;
  await (await runQueue()).stop({ graceful: false, wait: true });
  await database().$disconnect();
});

const compare = (id: string, body: unknown, headers?: Record<string, string>) =>
  POST(commandRequest(id, 'compare', body, headers), runParams(id));
const profileErrors = (answer: Record<string, unknown>) => (answer.fieldErrors as Record<string, string[]>).profileNames;

describe('POST /api/runs/[id]/compare refuses, writing nothing', () => {
  it('malformed run ids: 400; an unknown run: 404; a body that is not JSON: 415 or 400', async () => {
    const valid = { profileNames: ['simulator-responses'] };
    await expectEachRefused(MALFORMED_RUN_IDS, 400, (id) => compare(id, valid));
    await expectEachRefused([UNKNOWN_RUN_ID], 404, (id) => compare(id, valid));
    await expectEachRefused<Record<string, string>>([{}, { 'content-type': 'text/plain' }], 415, (headers) =>
      compare(runId, valid, headers),
    );
    await expectEachRefused(['', '{', '[]'], 400, (body) => compare(runId, body));
  });

  it('zero profiles, too many, the same one twice, not a list', async () => {
    const cases: [unknown, string][] = [
      [{}, 'Choose the profiles as a list'],
      [{ profileNames: [] }, 'Choose at least one profile'],
      [{ profileNames: 42 }, 'Choose the profiles as a list'],
      [{ profileNames: ['simulator-chat', 'simulator-chat'] }, 'Each profile at most once'],
      [
        {
          profileNames: ['simulator-chat', 'simulator-responses', 'simulator-anthropic', 'simulator-openrouter', 'e2e-a', 'e2e-b'],
        },
        'At most 5 profiles',
      ],
    ];
    await expectEachRefused(
      cases,
      400,
      ([body]) => compare(runId, body),
      (answer, [, message], label) => expect(profileErrors(answer), label).toEqual([message]),
    );
  });

  it('one profile without credentials refuses the whole comparison, naming it', async () => {
    const answer = await expectJsonError(
      await expectNothingWritten(() => compare(runId, { profileNames: ['simulator-responses', 'openai-gpt-4.1', 'no-such-profile'] })),
      400,
    );
    expect(answer.message).toBe('Not every profile can run this comparison.');
    expect(profileErrors(answer)).toEqual([
      'openai-gpt-4.1: OpenAI · gpt-4.1 (Chat) cannot be used on this server: OPENAI_API_KEY is not set on the server',
      'No profile named “no-such-profile”',
    ]);
  });
});

describe('POST /api/runs/[id]/compare accepts a valid comparison', () => {
  it('puts the run in the first column and starts one run per profile', async () => {
    const response = await compare(runId, { profileNames: ['simulator-responses', 'simulator-anthropic'] });
    expect(response.status).toBe(201);
    const { comparisonId, runIds } = (await response.json()) as { comparisonId: string; runIds: string[] };
    expect(runIds).toHaveLength(3);
    expect(runIds[0]).toBe(runId);
    const members = await database().comparisonMember.findMany({ where: { comparisonId }, orderBy: { position: 'asc' } });
    expect(members.map((member) => member.runId)).toEqual(runIds);
    const started = await database().run.findMany({ where: { id: { in: runIds.slice(1) } }, select: { profileName: true, status: true } });
    expect(started.map((run) => run.profileName).sort()).toEqual(['simulator-anthropic', 'simulator-responses']);
    expect(started.every((run) => run.status === 'queued')).toBe(true);
  });
});
