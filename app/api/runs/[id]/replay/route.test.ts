// POST /api/runs/[id]/replay: bad input, a run still going, a profile without credentials — each
// a 4xx JSON message with nothing written; a valid replay (of an imported run too) is created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJsonError, expectNothingWritten, MALFORMED_RUN_IDS, UNKNOWN_RUN_ID, useTestDatabase } from '@/test/bad-input';
import { expectEachRefused } from '@/test/expect-each-refused';
import { finishedSimulatorRun } from '@/test/finished-simulator-run';
import { createRecordedRun } from '@/test/recorded-run';
import { commandRequest, runParams } from '@/test/run-command-request';
import { runQueue } from '@/lib/runs/run-queue';
import { database } from '@/lib/store/database';
import { POST } from './route';

useTestDatabase();
const savedKey = process.env.OPENAI_API_KEY;
let runId: string;
let importedId: string;
let runningId: string;
beforeAll(async () => {
  delete process.env.OPENAI_API_KEY;
  runId = await createRecordedRun(database());
  importedId = await createRecordedRun(database(), { imported: true });
  runningId = (await database().run.create({ data: { ...finishedSimulatorRun('still going'), status: 'running', finishedAt: null } })).id;
});
afterAll(async () => {
  if (savedKey !== undefined) process.env.OPENAI_API_KEY = savedKey;
  await (await runQueue()).stop({ graceful: false, wait: true });
  await database().$disconnect();
});

const replay = (id: string, body: unknown, headers?: Record<string, string>) =>
  POST(commandRequest(id, 'replay', body, headers), runParams(id));
const valid = { profileName: 'simulator-responses' };
const fieldMessages = (answer: Record<string, unknown>, field: string) =>
  (answer.fieldErrors as Record<string, string[]>)[field]?.join(' ');

describe('POST /api/runs/[id]/replay refuses, writing nothing', () => {
  it('malformed run ids: 400; an unknown run: 404', async () => {
    await expectEachRefused(MALFORMED_RUN_IDS, 400, (id) => replay(id, valid));
    await expectEachRefused([UNKNOWN_RUN_ID], 404, (id) => replay(id, valid));
  });

  it('a body that is not JSON: 415 or 400', async () => {
    await expectEachRefused<Record<string, string>>([{}, { 'content-type': 'text/plain' }], 415, (headers) =>
      replay(runId, valid, headers),
    );
    await expectEachRefused(['', '{"profileName":', '42'], 400, (body) => replay(runId, body));
  });

  it('fields the schema refuses: 400 naming them', async () => {
    const cases: [unknown, string][] = [
      [{}, 'profileName'],
      [{ profileName: '' }, 'profileName'],
      [{ profileName: 'no-such-profile' }, 'profileName'],
      [{ ...valid, onDivergence: 'maybe' }, 'onDivergence'],
      [{ ...valid, overrides: { stream: 'yes' } }, 'overrides.stream'],
    ];
    await expectEachRefused(
      cases,
      400,
      ([body]) => replay(runId, body),
      (answer, [, field], label) => expect(Object.keys(answer.fieldErrors as object), label).toContain(field),
    );
  });

  it('a run that has not ended', async () => {
    const answer = await expectJsonError(await expectNothingWritten(() => replay(runningId, valid)), 400);
    expect(fieldMessages(answer, 'form')).toBe(`Run ${runningId} is still running: replay it once it has ended.`);
  });

  it('a profile without credentials (OPENAI_API_KEY unset)', async () => {
    const answer = await expectJsonError(await expectNothingWritten(() => replay(runId, { profileName: 'openai-gpt-4.1' })), 400);
    expect(fieldMessages(answer, 'profileName')).toBe(
      'OpenAI · gpt-4.1 (Chat) cannot be used on this server: OPENAI_API_KEY is not set on the server',
    );
  });
});

describe('POST /api/runs/[id]/replay accepts a valid replay', () => {
  it('replays a run, and an imported one (its recording is served too)', async () => {
    for (const [parent, onDivergence] of [
      [runId, 'continue'],
      [importedId, 'stop'],
    ] as const) {
      const response = await replay(parent, { ...valid, onDivergence });
      expect(response.status).toBe(201);
      const { runId: replayId } = (await response.json()) as { runId: string };
      const row = await database().run.findUniqueOrThrow({ where: { id: replayId } });
      expect(row).toMatchObject({ parentRunId: parent, lineage: 'replay', replayMode: onDivergence, status: 'queued' });
    }
  });
});
